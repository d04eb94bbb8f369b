import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The union of the five seeds' users; the password hash is never a GraphQL field. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A member of a tenant.' })
@Entity({ name: 'users', schema: 'identity' })
export class User {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field() @Column({ type: 'varchar', length: 255 }) email: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 100, nullable: true }) username: string | null;
  @Column({ name: 'password_hash', type: 'varchar', length: 255 }) passwordHash: string;
  @Field() @Column({ type: 'varchar', length: 255 }) name: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'first_name', type: 'varchar', length: 100, nullable: true }) firstName: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'last_name', type: 'varchar', length: 100, nullable: true }) lastName: string | null;
  @Column({ name: 'manager_id', type: 'uuid', nullable: true }) managerId: string | null;
  @Column({ name: 'workspace_id', type: 'uuid', nullable: true }) workspaceId: string | null;
  /** Seed 001's Stripe links, written by the billing integration; not a client concern. */
  @Column({ name: 'stripe_customer_id', type: 'varchar', length: 255, nullable: true }) stripeCustomerId: string | null;
  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255, nullable: true }) stripeSubscriptionId: string | null;
  @Field() @Column({ name: 'is_active', type: 'boolean', default: true }) isActive: boolean;
  @Field() @Column({ name: 'email_verified', type: 'boolean', default: false }) emailVerified: boolean;
  @Field() @Column({ name: 'mfa_enabled', type: 'boolean', default: false }) mfaEnabled: boolean;
  @Field(() => Date, { nullable: true }) @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  @Field(() => Int) @Column({ name: 'failed_login_attempts', type: 'int', default: 0 }) failedLoginAttempts: number;
  @Field(() => Date, { nullable: true }) @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true }) passwordChangedAt: Date | null;
  /** AES-256-GCM ciphertext of the TOTP secret (src/mfa/secret-box.ts); never a GraphQL field. */
  @Column({ name: 'mfa_secret_encrypted', type: 'text', nullable: true }) mfaSecretEncrypted: string | null;
  /** Last TOTP time step accepted, so a code is refused the second time (bigint: a string). */
  @Column({ name: 'mfa_last_used_step', type: 'bigint', nullable: true }) mfaLastUsedStep: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
