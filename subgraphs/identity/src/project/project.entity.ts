import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum ProjectStatus {
  ACTIVE = 'active',
  COMPLETED = 'completed',
  ON_HOLD = 'on-hold',
}
registerEnumType(ProjectStatus, { name: 'ProjectStatus' });

/** 004's projects: work grouped inside a tenant, optionally within a workspace. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A project of the tenant, optionally inside a workspace.' })
@Entity({ name: 'projects', schema: 'identity' })
export class Project {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'workspace_id', type: 'uuid', nullable: true }) workspaceId: string | null;
  @Field() @Column({ type: 'varchar', length: 255 }) name: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => ProjectStatus) @Column({ type: 'varchar', length: 20 }) status: ProjectStatus;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
