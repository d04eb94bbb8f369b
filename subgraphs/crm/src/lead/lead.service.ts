import { AppError, ErrorCode, assertPermitted, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { isUUID } from 'class-validator';
import { Lead, LeadStatus } from './lead.entity';
import { leadById } from './lead.loader';
import type { CreateLeadInput, UpdateLeadInput } from './lead.inputs';

const checkIds = (input: { assignedToId?: string; sourceResponseId?: string; conversationId?: string }) => {
  for (const key of ['assignedToId', 'sourceResponseId', 'conversationId'] as const) {
    const value = input[key];
    if (value != null && !isUUID(value)) throw new AppError(ErrorCode.BAD_USER_INPUT, `${key} must be a UUID`, { field: key });
  }
};

/** Maps input fields to columns; relation ids keep their own names. */
function columns(input: Omit<UpdateLeadInput, 'id'>, actorId: string | null): Partial<Lead> {
  const { assignedToId, sourceResponseId, conversationId, ...plain } = input;
  const values: Partial<Lead> = { ...plain };
  if (sourceResponseId !== undefined) values.responseId = sourceResponseId;
  if (conversationId !== undefined) values.conversationId = conversationId;
  if (assignedToId !== undefined) {
    values.assignedToId = assignedToId;
    values.assignedById = actorId;
    values.assignedAt = new Date();
  }
  return values;
}

export async function createLead(ctx: RequestContext, input: CreateLeadInput): Promise<Lead> {
  checkIds(input);
  const actor = ctx.principal.userId;
  const lead = ctx.manager.create(Lead, {
    status: LeadStatus.NEW,
    leadScore: 0,
    ...columns(input, actor),
    id: newId(),
    tenantId: requireTenant(ctx),
    createdBy: actor,
    updatedBy: actor,
  });
  return ctx.manager.save(lead);
}

/**
 * The lead the caller may change: RLS hides other tenants' rows and the data scope hides
 * colleagues' leads, and both look exactly like a missing id.
 */
async function visibleLead(ctx: RequestContext, id: string): Promise<Lead> {
  const lead = isUUID(id) ? await leadById(ctx).load(id) : null;
  if (!lead) throw notFound('Lead', id);
  return lead;
}

/** The tenant's access-control policies may refuse a change to this lead in particular. */
const assertMayChange = (ctx: RequestContext, lead: Lead, permission: string) =>
  assertPermitted(ctx.principal, permission, { type: 'crm.lead', ownerIds: [lead.assignedToId, lead.createdBy] });

export async function updateLead(ctx: RequestContext, input: UpdateLeadInput): Promise<Lead> {
  checkIds(input);
  const { id, ...changes } = input;
  assertMayChange(ctx, await visibleLead(ctx, id), 'crm.lead.write');
  await ctx.manager.update(Lead, { id }, { ...columns(changes, ctx.principal.userId), updatedBy: ctx.principal.userId });
  leadById(ctx).clear(id);
  return visibleLead(ctx, id).catch(() => ctx.manager.findOneByOrFail(Lead, { id }));
}

export async function deleteLead(ctx: RequestContext, id: string): Promise<string> {
  assertMayChange(ctx, await visibleLead(ctx, id), 'crm.lead.delete');
  await ctx.manager.delete(Lead, { id });
  return id;
}
