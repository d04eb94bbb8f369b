import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum SubscriptionStatus {
  TRIALING = 'trialing',
  ACTIVE = 'active',
  PAST_DUE = 'past_due',
  CANCELED = 'canceled',
}
registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus' });

export enum BillingCycle {
  MONTHLY = 'monthly',
  YEARLY = 'yearly',
}
registerEnumType(BillingCycle, { name: 'BillingCycle' });

/** The one subscription of a tenant: which tier it pays for and for which period. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A tenant's subscription to a tier; each tenant has at most one." })
@Entity({ name: 'tenant_subscriptions', schema: 'billing' })
export class TenantSubscription {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'tier_id', type: 'uuid' }) tierId: string;
  @Field(() => SubscriptionStatus) @Column({ type: 'varchar', length: 20 }) status: SubscriptionStatus;
  @Field(() => BillingCycle) @Column({ name: 'billing_cycle', type: 'varchar', length: 10 }) billingCycle: BillingCycle;
  @Field() @Column({ name: 'current_period_start', type: 'timestamptz' }) currentPeriodStart: Date;
  @Field() @Column({ name: 'current_period_end', type: 'timestamptz' }) currentPeriodEnd: Date;
  @Field(() => Date, { nullable: true, description: 'When a scheduled cancellation takes effect.' })
  @Column({ name: 'cancel_at', type: 'timestamptz', nullable: true })
  cancelAt: Date | null;
  @Field(() => String, { nullable: true })
  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255, nullable: true })
  stripeSubscriptionId: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
