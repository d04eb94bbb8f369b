import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, SignedIn, paginate, type RequestContext } from '@leadgraph/shared';
import { Role } from './role.entity';
import {
  CreateRoleFromPresetInput,
  CreateRoleInput,
  DeleteRoleInput,
  DeleteRolePayload,
  RoleAssignmentInput,
  RoleAssignmentPayload,
  RolePayload,
  UpdateRoleInput,
} from './role.inputs';
import { roleById } from './role.loader';
import { ROLE_PRESET_LIST, RolePresetType } from './role.presets';
import { assignRole, createRole, createRoleFromPreset, deleteRole, unassignRole, updateRole } from './role.service';

export const RoleConnection = ConnectionType(Role);

const NO_ESCALATION = 'Only permissions you hold yourself, and a level up to your own highest (else FORBIDDEN).';

@Resolver(() => Role)
export class RoleResolver {
  @Requires('identity.role.read')
  @Query(() => Role, { nullable: true, description: 'A role of your tenant, or null.' })
  role(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Role | null> {
    return roleById(ctx).load(id);
  }

  @Requires('identity.role.read')
  @Query(() => RoleConnection, { description: "The tenant's roles, highest level first." })
  roles(@Args() args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Role, 'role'),
      args,
      filterColumns: {},
      orderColumns: { LEVEL: { sql: 'role.level', property: 'level' } },
      defaultOrder: [{ field: 'LEVEL', direction: OrderDirection.DESC }],
      idColumn: 'role.id',
    });
  }

  @SignedIn()
  @Query(() => [RolePresetType], { description: 'The ready-made roles of the seeds (a fixed, short list).' })
  rolePresets(): RolePresetType[] {
    return ROLE_PRESET_LIST;
  }

  @Requires('identity.role.write')
  @Mutation(() => RolePayload, { description: `Defines a role. ${NO_ESCALATION} Applies to its holders from their next request.` })
  async createRole(@Arg('input') input: CreateRoleInput, @Ctx() ctx: RequestContext): Promise<RolePayload> {
    return { role: await createRole(ctx, input) };
  }

  @Requires('identity.role.write')
  @Mutation(() => RolePayload, { description: `Creates a role from a preset; pass name when the preset's name is taken. ${NO_ESCALATION}` })
  async createRoleFromPreset(@Arg('input') input: CreateRoleFromPresetInput, @Ctx() ctx: RequestContext): Promise<RolePayload> {
    return { role: await createRoleFromPreset(ctx, input.preset, input.name) };
  }

  @Requires('identity.role.write')
  @Mutation(() => RolePayload, { description: `Changes a role at or below your level. ${NO_ESCALATION}` })
  async updateRole(@Arg('input') input: UpdateRoleInput, @Ctx() ctx: RequestContext): Promise<RolePayload> {
    return { role: await updateRole(ctx, input) };
  }

  @Requires('identity.role.write')
  @Mutation(() => DeleteRolePayload, { description: 'Deletes a role that nobody holds (else CONFLICT).' })
  async deleteRole(@Arg('input') input: DeleteRoleInput, @Ctx() ctx: RequestContext): Promise<DeleteRolePayload> {
    return { deletedRoleId: await deleteRole(ctx, input.id) };
  }

  @Requires('identity.role.write')
  @Mutation(() => RoleAssignmentPayload, { description: `Gives a user a role. ${NO_ESCALATION}` })
  async assignRole(@Arg('input') input: RoleAssignmentInput, @Ctx() ctx: RequestContext): Promise<RoleAssignmentPayload> {
    return assignRole(ctx, input);
  }

  @Requires('identity.role.write')
  @Mutation(() => RoleAssignmentPayload, { description: 'Takes a role (at or below your level) from a user.' })
  async unassignRole(@Arg('input') input: RoleAssignmentInput, @Ctx() ctx: RequestContext): Promise<RoleAssignmentPayload> {
    return unassignRole(ctx, input);
  }
}

export const resolveRoleReference = (ref: { id: string }, ctx: RequestContext) => roleById(ctx).load(ref.id);
