import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode, requireTenant, type RequestContext } from '@leadgraph/shared';
import { TenantSettings, UserEmailPreferences, WhiteLabelSettings } from './settings.entity';
import type { UpdateEmailPreferencesInput, UpdateWhiteLabelSettingsInput } from './settings.inputs';

const constraintOf = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined);

/**
 * INSERT ... ON CONFLICT DO UPDATE of the given columns only: a 1:1 settings row is created on
 * first write, and fields the input left out keep their value. Concurrent first writes cannot
 * both insert.
 */
async function upsertRow(
  ctx: RequestContext,
  table: string,
  key: Record<string, string>,
  values: Record<string, unknown>,
): Promise<void> {
  const keyColumns = Object.keys(key);
  const columns = [...keyColumns, ...Object.keys(values)];
  const params = [...Object.values(key), ...Object.values(values)];
  const placeholders = params.map((_v, i) => `$${i + 1}`).join(', ');
  const updates = Object.keys(values).map((c) => `${c} = EXCLUDED.${c}`);
  await ctx.manager.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})
     ON CONFLICT (${keyColumns.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    params,
  );
}

/** Only the keys the input carries, renamed to columns. */
function pick<I extends object>(input: I, columns: Partial<Record<keyof I, string>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns) as [keyof I, string][]) {
    if (input[field] !== undefined) values[column] = input[field];
  }
  return values;
}

/** Largest settings document accepted: settings are configuration, not storage. */
export const MAX_SETTINGS_BYTES = 64 * 1024;

export async function replaceTenantSettings(ctx: RequestContext, settings: Record<string, unknown>): Promise<TenantSettings> {
  if (Buffer.byteLength(JSON.stringify(settings)) > MAX_SETTINGS_BYTES) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `settings must be at most ${MAX_SETTINGS_BYTES} bytes of JSON`, { field: 'settings' });
  }
  const tenantId = requireTenant(ctx);
  await upsertRow(ctx, 'identity.tenant_settings', { tenant_id: tenantId }, { settings: JSON.stringify(settings) });
  return ctx.manager.findOneByOrFail(TenantSettings, { tenantId });
}

export async function updateWhiteLabelSettings(ctx: RequestContext, input: UpdateWhiteLabelSettingsInput): Promise<WhiteLabelSettings> {
  const tenantId = requireTenant(ctx);
  const values = pick({ ...input, customDomain: input.customDomain?.toLowerCase() ?? input.customDomain }, {
    brandName: 'brand_name',
    logoUrl: 'logo_url',
    primaryColor: 'primary_color',
    customDomain: 'custom_domain',
  });
  try {
    await upsertRow(ctx, 'identity.white_label_settings', { tenant_id: tenantId }, values);
  } catch (error) {
    if (constraintOf(error) === 'white_label_settings_custom_domain_key') {
      throw new AppError(ErrorCode.CONFLICT, 'This custom domain is already in use', { field: 'customDomain' });
    }
    throw error;
  }
  return ctx.manager.findOneByOrFail(WhiteLabelSettings, { tenantId });
}

/** The caller's own preferences: a user id never comes from the arguments. */
export async function updateEmailPreferences(ctx: RequestContext, input: UpdateEmailPreferencesInput): Promise<UserEmailPreferences> {
  const tenantId = requireTenant(ctx);
  const userId = ctx.principal.userId;
  if (!userId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This operation needs a signed-in user');
  const values = pick(input, { marketingEmails: 'marketing_emails', productUpdates: 'product_updates', securityAlerts: 'security_alerts' });
  await upsertRow(ctx, 'identity.user_email_preferences', { tenant_id: tenantId, user_id: userId }, values).catch((error: unknown) => {
    // The principal's user is gone (deleted after the token was issued).
    if (constraintOf(error) === 'user_email_preferences_user_fkey') throw new AppError(ErrorCode.UNAUTHENTICATED, 'The signed-in user no longer exists');
    throw error;
  });
  return ctx.manager.findOneByOrFail(UserEmailPreferences, { tenantId, userId });
}
