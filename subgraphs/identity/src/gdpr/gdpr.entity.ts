import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum GdprRequestType {
  EXPORT = 'export',
  ERASURE = 'erasure',
  RECTIFICATION = 'rectification',
}
registerEnumType(GdprRequestType, { name: 'GdprRequestType' });

export enum GdprRequestStatus {
  PENDING = 'pending',
  PROCESSING = 'processing',
  COMPLETED = 'completed',
  REJECTED = 'rejected',
}
registerEnumType(GdprRequestStatus, { name: 'GdprRequestStatus' });

export const CLOSED_GDPR_STATUSES = [GdprRequestStatus.COMPLETED, GdprRequestStatus.REJECTED];

/** 001's gdpr_requests. The row outlives an erased user (user_id becomes null): it is the evidence. */
@ObjectType({ description: "A data subject's request: export, erasure or rectification of their data." })
@Entity({ name: 'gdpr_requests', schema: 'identity' })
export class GdprRequest {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Field(() => GdprRequestType) @Column({ name: 'request_type', type: 'varchar', length: 20 }) requestType: GdprRequestType;
  @Field(() => GdprRequestStatus) @Column({ type: 'varchar', length: 20 }) status: GdprRequestStatus;
  @Field() @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' }) requestedAt: Date;
  @Field(() => Date, { nullable: true }) @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ name: 'handled_by', type: 'uuid', nullable: true }) handledBy: string | null;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
