import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { isUUID } from 'class-validator';
import { Lead, LeadStatus } from './lead.entity';
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

export async function updateLead(ctx: RequestContext, input: UpdateLeadInput): Promise<Lead> {
  checkIds(input);
  const { id, ...changes } = input;
  if (!isUUID(id)) throw notFound('Lead', id);
  // RLS hides other tenants' rows: an id from another tenant updates nothing, like a missing one.
  const result = await ctx.manager.update(Lead, { id }, { ...columns(changes, ctx.principal.userId), updatedBy: ctx.principal.userId });
  if (!result.affected) throw notFound('Lead', id);
  return ctx.manager.findOneByOrFail(Lead, { id });
}

export async function deleteLead(ctx: RequestContext, id: string): Promise<string> {
  if (!isUUID(id)) throw notFound('Lead', id);
  const result = await ctx.manager.delete(Lead, { id });
  if (!result.affected) throw notFound('Lead', id);
  return id;
}
