import DataLoader from 'dataloader';
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { loader, type RequestContext } from '@leadgraph/shared';
import { TenantSettings, UserEmailPreferences, WhiteLabelSettings } from './settings.entity';

/** One row per key (tenant or user) or null: the 1:1 settings tables. */
function oneToOne<E extends ObjectLiteral>(ctx: RequestContext, entity: EntityTarget<E>, key: keyof E & string) {
  return new DataLoader<string, E | null>(async (keys) => {
    const rows = await ctx.manager.getRepository(entity).findBy({ [key]: In([...keys]) } as never);
    const byKey = new Map(rows.map((row) => [row[key] as string, row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

export const tenantSettingsByTenant = (ctx: RequestContext) =>
  loader(ctx, 'tenantSettings.byTenant', (c) => oneToOne(c, TenantSettings, 'tenantId'));

export const whiteLabelByTenant = (ctx: RequestContext) =>
  loader(ctx, 'whiteLabel.byTenant', (c) => oneToOne(c, WhiteLabelSettings, 'tenantId'));

export const emailPreferencesByUser = (ctx: RequestContext) =>
  loader(ctx, 'emailPreferences.byUser', (c) => oneToOne(c, UserEmailPreferences, 'userId'));
