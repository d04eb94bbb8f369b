import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AppError, ErrorCode, Requires, SignedIn, hasPermission, type RequestContext } from '@leadgraph/shared';
import { Tenant } from '../tenant/tenant.entity';
import { User } from '../user/user.entity';
import { UserEmailPreferences, WhiteLabelSettings, defaultEmailPreferences } from './settings.entity';
import { EmailPreferencesPayload, UpdateEmailPreferencesInput, UpdateWhiteLabelSettingsInput, WhiteLabelSettingsPayload } from './settings.inputs';
import { emailPreferencesByUser, tenantSettingsByTenant, whiteLabelByTenant } from './settings.loader';
import { updateEmailPreferences, updateWhiteLabelSettings } from './settings.service';

@Resolver(() => Tenant)
export class TenantSettingsResolver {
  @FieldResolver(() => GraphQLJSONObject, { description: "The tenant's configuration (001 tenant_settings); {} until set." })
  async settings(@Root() tenant: Tenant, @Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    return (await tenantSettingsByTenant(ctx).load(tenant.id))?.settings ?? {};
  }

  @FieldResolver(() => WhiteLabelSettings, { nullable: true, description: 'Branding; null until set.' })
  whiteLabel(@Root() tenant: Tenant, @Ctx() ctx: RequestContext): Promise<WhiteLabelSettings | null> {
    return whiteLabelByTenant(ctx).load(tenant.id);
  }

  @Requires('identity.tenant.write')
  @Mutation(() => WhiteLabelSettingsPayload, { description: "Sets the tenant's branding; omitted fields keep their value, null clears." })
  async updateWhiteLabelSettings(@Arg('input') input: UpdateWhiteLabelSettingsInput, @Ctx() ctx: RequestContext): Promise<WhiteLabelSettingsPayload> {
    return { whiteLabelSettings: await updateWhiteLabelSettings(ctx, input) };
  }
}

@Resolver(() => User)
export class EmailPreferencesResolver {
  @FieldResolver(() => UserEmailPreferences, {
    description: 'Which emails the user agrees to receive. Visible to the user and to holders of identity.user.read.',
  })
  async emailPreferences(@Root() user: User, @Ctx() ctx: RequestContext): Promise<UserEmailPreferences> {
    // A User is reachable from other domains (Lead.assignedTo): personal settings need more.
    if (ctx.principal.userId !== user.id && !hasPermission(ctx.principal, 'identity.user.read')) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Missing permission: identity.user.read', { required: ['identity.user.read'] });
    }
    return (await emailPreferencesByUser(ctx).load(user.id)) ?? defaultEmailPreferences(user.tenantId, user.id);
  }

  @SignedIn()
  @Mutation(() => EmailPreferencesPayload, { description: "Changes the caller's own email preferences." })
  async updateEmailPreferences(@Arg('input') input: UpdateEmailPreferencesInput, @Ctx() ctx: RequestContext): Promise<EmailPreferencesPayload> {
    return { emailPreferences: await updateEmailPreferences(ctx, input) };
  }
}
