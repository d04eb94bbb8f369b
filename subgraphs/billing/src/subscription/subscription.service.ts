import { isUUID } from 'class-validator';
import { AppError, ErrorCode, newId, requireTenant, type RequestContext } from '@leadgraph/shared';
import { SubscriptionTier } from '../tier/tier.entity';
import { TenantSubscription } from './subscription.entity';
import type { ChangeSubscriptionInput } from './subscription.inputs';

async function chosenTier(ctx: RequestContext, input: ChangeSubscriptionInput): Promise<SubscriptionTier> {
  const { tierId, tierName } = input;
  if ((tierId == null) === (tierName == null)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give exactly one of tierId and tierName', { field: 'tierId' });
  }
  const tier =
    tierId != null
      ? isUUID(tierId)
        ? await ctx.manager.findOneBy(SubscriptionTier, { id: tierId })
        : null
      : await ctx.manager.findOneBy(SubscriptionTier, { name: tierName });
  if (!tier || !tier.isActive) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `No active subscription tier ${tierId ?? tierName}`, {
      field: tierId != null ? 'tierId' : 'tierName',
    });
  }
  return tier;
}

/**
 * Puts the caller's tenant on a tier: creates its subscription or switches the existing one, in
 * one statement so that two concurrent first changes cannot both insert. Replaying the same
 * change leaves the same row, so no idempotency key is needed.
 *
 * On a switch the current period is kept (proration is the payment provider's business) unless
 * the billing cycle changes or the subscription was canceled; choosing a plan withdraws a
 * scheduled cancellation. A trial continues on the new tier, and past_due stays past_due: a
 * plan change does not settle an unpaid invoice.
 */
export async function changeSubscription(ctx: RequestContext, input: ChangeSubscriptionInput): Promise<TenantSubscription> {
  const tier = await chosenTier(ctx, input);
  const tenantId = requireTenant(ctx);
  // $4 is the requested cycle or null (keep the current one; monthly for a new subscription).
  const cycle = `coalesce($4::varchar, s.billing_cycle)`;
  const length = (c: string) => `CASE ${c} WHEN 'yearly' THEN interval '1 year' ELSE interval '1 month' END`;
  const restart = `(s.status = 'canceled' OR s.billing_cycle <> ${cycle})`;
  const rows: { id: string }[] = await ctx.manager.query(
    `INSERT INTO billing.tenant_subscriptions AS s
       (id, tenant_id, tier_id, status, billing_cycle, current_period_start, current_period_end)
     VALUES ($1, $2, $3, 'active', coalesce($4::varchar, 'monthly'), now(), now() + ${length(`coalesce($4::varchar, 'monthly')`)})
     ON CONFLICT (tenant_id) DO UPDATE SET
       tier_id = EXCLUDED.tier_id,
       cancel_at = NULL,
       status = CASE WHEN s.status = 'canceled' THEN 'active' ELSE s.status END,
       billing_cycle = ${cycle},
       current_period_start = CASE WHEN ${restart} THEN now() ELSE s.current_period_start END,
       current_period_end = CASE WHEN ${restart} THEN now() + ${length(cycle)} ELSE s.current_period_end END
     RETURNING s.id`,
    [newId(), tenantId, tier.id, input.billingCycle ?? null],
  );
  return ctx.manager.findOneByOrFail(TenantSubscription, { id: rows[0].id });
}
