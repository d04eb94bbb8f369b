import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A partner's API key (seed 001). Neither the secret nor its hash is ever a GraphQL field. */
@ObjectType({ description: 'An API key: the secret is shown once, by createApiKey and rotateApiKey.' })
@Entity({ name: 'api_keys', schema: 'identity' })
export class ApiKey {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Field() @Column({ type: 'varchar', length: 100 }) name: string;
  @Field({ description: 'The `<prefix>` of `lg_<prefix>_...`: tells keys apart, authenticates nothing.' })
  @Column({ type: 'char', length: 8 })
  prefix: string;
  /** SHA-256 of the whole secret. */
  @Column({ name: 'key_hash', type: 'bytea' }) keyHash: Buffer;
  @Field(() => [String], { description: 'Permissions the key may use, narrowed at each call to what its owner still holds.' })
  @Column({ type: 'text', array: true })
  scopes: string[];
  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Field(() => Date, { nullable: true }) @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'The trusted-documents manifest the key is restricted to: it may run only those operations. Null: any operation its scopes allow.',
  })
  @Column({ name: 'trusted_documents', type: 'varchar', length: 100, nullable: true })
  trustedDocuments: string | null;
  @Field(() => ID, { nullable: true, description: 'The key this one replaced, when it was made by rotateApiKey.' })
  @Column({ name: 'rotated_from_id', type: 'uuid', nullable: true })
  rotatedFromId: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
