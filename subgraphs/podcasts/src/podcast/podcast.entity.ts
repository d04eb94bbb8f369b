import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A show of the tenant (seed 001 `podcasts`); its episodes hang off it. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A podcast show of your tenant.' })
@Entity({ name: 'podcasts', schema: 'podcasts' })
export class Podcast {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field() @Column({ type: 'varchar', length: 255 }) name: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'rss_feed_url', type: 'varchar', length: 2048, nullable: true }) rssFeedUrl: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'website_url', type: 'varchar', length: 2048, nullable: true }) websiteUrl: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
