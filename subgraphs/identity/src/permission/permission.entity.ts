import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The global permission catalog (001 `permissions`): every `<domain>.<resource>.<action>` that
 * some subgraph declares. Roles may grant only names from it (and domain wildcards).
 */
@ObjectType({ description: 'A permission that roles can grant, e.g. crm.lead.write.' })
@Entity({ name: 'permissions', schema: 'identity' })
export class Permission {
  @Field({ description: 'The full name, e.g. crm.lead.write.' }) @PrimaryColumn({ type: 'varchar', length: 150 }) name: string;
  @Field() @Column({ type: 'varchar', length: 50 }) domain: string;
  @Field(() => String, { nullable: true, description: 'Null for two-part names such as support.access.' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  resource: string | null;
  @Field() @Column({ type: 'varchar', length: 50 }) action: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  /** The key `paginate` pages by: the name is this catalog's primary key. */
  get id(): string {
    return this.name;
  }
}

/**
 * 001's role_permissions: the concrete names of each role's roles.permissions, kept in sync by a
 * trigger (see the IdentityDirectory migration). Read-only for the app: write roles instead.
 */
@Entity({ name: 'role_permissions', schema: 'identity' })
export class RolePermission {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'role_id', type: 'uuid' }) roleId: string;
  @PrimaryColumn({ name: 'permission_name', type: 'varchar', length: 150 }) permissionName: string;
  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' }) grantedAt: Date;
}
