import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 001's tenant_settings: free-form configuration, one row per tenant (none yet means `{}`). */
@Entity({ name: 'tenant_settings', schema: 'identity' })
export class TenantSettings {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ type: 'jsonb', default: {} }) settings: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** 001's white_label_settings: the tenant's branding, one row per tenant. */
@ObjectType({ description: "The tenant's branding (white label)." })
@Entity({ name: 'white_label_settings', schema: 'identity' })
export class WhiteLabelSettings {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'brand_name', type: 'varchar', length: 255, nullable: true }) brandName: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'logo_url', type: 'varchar', length: 2048, nullable: true }) logoUrl: string | null;
  @Field(() => String, { nullable: true, description: 'Colour as #RRGGBB.' })
  @Column({ name: 'primary_color', type: 'varchar', length: 7, nullable: true })
  primaryColor: string | null;
  @Field(() => String, { nullable: true, description: 'Host name the tenant is served under; unique across tenants.' })
  @Column({ name: 'custom_domain', type: 'varchar', length: 253, nullable: true })
  customDomain: string | null;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** 001's user_email_preferences; a user without a row has the defaults below. */
@ObjectType('EmailPreferences', { description: 'Which emails a user agrees to receive.' })
@Entity({ name: 'user_email_preferences', schema: 'identity' })
export class UserEmailPreferences {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Field() @Column({ name: 'marketing_emails', type: 'boolean', default: false }) marketingEmails: boolean;
  @Field() @Column({ name: 'product_updates', type: 'boolean', default: true }) productUpdates: boolean;
  @Field() @Column({ name: 'security_alerts', type: 'boolean', default: true }) securityAlerts: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** The column defaults, for users who never changed their preferences. */
export const defaultEmailPreferences = (tenantId: string, userId: string): UserEmailPreferences =>
  Object.assign(new UserEmailPreferences(), { tenantId, userId, marketingEmails: false, productUpdates: true, securityAlerts: true });
