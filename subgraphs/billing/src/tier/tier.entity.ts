import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, type ValueTransformer } from 'typeorm';

/**
 * Prices are exposed as Float, not as a decimal string: numeric(10,2) stays below 10^8 with two
 * decimals, so every stored price is an exact number of cents under 2^53 and survives the trip
 * through an IEEE double and JSON unchanged. Clients can sort and format them directly; any sum
 * that must be exact (invoices, transactions) is computed in SQL numeric, never in JavaScript.
 */
const numericAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value == null ? value : Number(value)),
};

/** A plan of the global catalog (seed 001 subscription_tiers) with the limits quotas read. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A subscription plan. The catalog is the same for every tenant.' })
@Entity({ name: 'subscription_tiers', schema: 'billing' })
export class SubscriptionTier {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Field({ description: 'Unique plan name: free, starter, growth, pro, enterprise.' })
  @Column({ type: 'varchar', length: 50 })
  name: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => Float, { description: 'Monthly price in the billing currency, 2 decimals.' })
  @Column({ name: 'price_monthly', type: 'numeric', precision: 10, scale: 2, transformer: numericAsNumber })
  priceMonthly: number;
  @Field(() => Float, { description: 'Yearly price in the billing currency, 2 decimals.' })
  @Column({ name: 'price_yearly', type: 'numeric', precision: 10, scale: 2, transformer: numericAsNumber })
  priceYearly: number;
  @Field(() => GraphQLJSONObject, { description: 'Feature flags and levels of the plan.' })
  @Column({ type: 'jsonb', default: {} })
  features: Record<string, unknown>;
  @Field(() => Int, { nullable: true, description: "Requests per minute per API key and per user; null means the gateway's default (RATE_LIMIT_DEFAULT_PER_MINUTE)." })
  @Column({ name: 'api_requests_per_minute', type: 'int', nullable: true })
  apiRequestsPerMinute: number | null;
  @Field(() => Int, { nullable: true, description: 'Null means unlimited.' })
  @Column({ name: 'max_users', type: 'int', nullable: true })
  maxUsers: number | null;
  @Field(() => Int, { nullable: true, description: 'Null means unlimited.' })
  @Column({ name: 'max_podcasts', type: 'int', nullable: true })
  maxPodcasts: number | null;
  @Field(() => Int, { nullable: true, description: 'Null means unlimited.' })
  @Column({ name: 'max_campaigns', type: 'int', nullable: true })
  maxCampaigns: number | null;
  @Field(() => Int) @Column({ name: 'sort_order', type: 'int', default: 0 }) sortOrder: number;
  @Field({ description: 'Inactive plans stay visible to existing subscribers but cannot be chosen.' })
  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
