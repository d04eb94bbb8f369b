import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A tenant-defined set of permissions with a hierarchy level (004).' })
@Entity({ name: 'roles', schema: 'identity' })
export class Role {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field() @Column({ type: 'varchar', length: 100 }) name: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => Int, { description: 'Hierarchy level: higher levels manage lower ones.' })
  @Column({ type: 'int' })
  level: number;
  @Field(() => [String], { description: 'Permissions such as crm.lead.write; `crm.*` grants a whole domain.' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  permissions: string[];
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'user_roles', schema: 'identity' })
export class UserRole {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ name: 'role_id', type: 'uuid' }) roleId: string;
  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
  @Column({ name: 'assigned_by', type: 'uuid', nullable: true }) assignedBy: string | null;
}
