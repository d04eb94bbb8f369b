import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A connected social network account (seed 002). The encrypted tokens are columns but never
 * GraphQL fields; nothing writes real tokens yet (encryption comes with the connect flow).
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A social network account connected to the tenant; conversations arrive through it.' })
@Entity({ name: 'social_accounts', schema: 'conversations' })
export class SocialAccount {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field({ description: 'facebook, twitter, linkedin...' }) @Column({ type: 'varchar', length: 50 }) platform: string;
  @Field({ description: "The account's id on the platform." }) @Column({ name: 'account_id', type: 'varchar', length: 255 }) accountId: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'account_name', type: 'varchar', length: 255, nullable: true }) accountName: string | null;
  // select: false keeps the ciphertexts out of every ordinary query; only code that needs them asks.
  @Column({ name: 'access_token_encrypted', type: 'text', select: false }) accessTokenEncrypted: string;
  @Column({ name: 'refresh_token_encrypted', type: 'text', nullable: true, select: false }) refreshTokenEncrypted: string | null;
  @Column({ name: 'token_expires_at', type: 'timestamptz', nullable: true }) tokenExpiresAt: Date | null;
  @Field(() => GraphQLJSONObject) @Column({ type: 'jsonb', default: {} }) metadata: Record<string, unknown>;
  @Field() @Column({ name: 'connected_at', type: 'timestamptz' }) connectedAt: Date;
  @Field() @Column({ type: 'boolean', default: true }) active: boolean;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
