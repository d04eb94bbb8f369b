import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One episode of a podcast (seed 001 `episodes`). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'One episode of a podcast.' })
@Entity({ name: 'episodes', schema: 'podcasts' })
export class Episode {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'podcast_id', type: 'uuid' }) podcastId: string;
  @Field() @Column({ type: 'varchar', length: 500 }) title: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => Int, { description: 'Number within its podcast, from 1; unique per podcast.' })
  @Column({ name: 'episode_number', type: 'int' })
  episodeNumber: number;
  @Field({ description: 'When the episode was (or will be) released.' })
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
  @Field(() => Int, { nullable: true, description: 'Running time in seconds, when known.' })
  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'audio_url', type: 'varchar', length: 2048, nullable: true }) audioUrl: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
