import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Union of the seeds' plans (000 starter/growth/enterprise, 002 free/pro/enterprise). */
export enum TenantPlan {
  FREE = 'free',
  STARTER = 'starter',
  GROWTH = 'growth',
  PRO = 'pro',
  ENTERPRISE = 'enterprise',
}
registerEnumType(TenantPlan, { name: 'TenantPlan' });

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An organisation: every row of every domain belongs to exactly one tenant.' })
@Entity({ name: 'tenants', schema: 'identity' })
export class Tenant {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Field() @Column({ type: 'varchar', length: 255 }) name: string;
  @Field() @Column({ type: 'varchar', length: 100 }) slug: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 100, nullable: true }) subdomain: string | null;
  @Field(() => TenantPlan) @Column({ type: 'varchar', length: 20 }) plan: TenantPlan;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 255, nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 50, nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) address: string | null;
  @Field() @Column({ name: 'is_active', type: 'boolean', default: true }) isActive: boolean;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
