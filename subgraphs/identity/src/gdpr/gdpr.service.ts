import { isUUID } from 'class-validator';
import { In } from 'typeorm';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { CLOSED_GDPR_STATUSES, GdprRequest, GdprRequestStatus, type GdprRequestType } from './gdpr.entity';
import type { UpdateGdprRequestInput } from './gdpr.inputs';

/**
 * Files a request for the caller's own data. Asking again while one of the same kind is open
 * returns the open one (the partial unique index gdpr_requests_open_key guarantees there is
 * at most one, also under concurrent requests).
 */
export async function requestForCaller(ctx: RequestContext, type: GdprRequestType, notes?: string): Promise<GdprRequest> {
  const tenantId = requireTenant(ctx);
  const userId = ctx.principal.userId;
  if (!userId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This operation needs a signed-in user');
  const open = { userId, requestType: type, status: In([GdprRequestStatus.PENDING, GdprRequestStatus.PROCESSING]) };
  const [inserted]: { id: string }[] = await ctx.manager.query(
    `INSERT INTO identity.gdpr_requests (id, tenant_id, user_id, request_type, notes)
     SELECT $1, $2, u.id, $4, $5 FROM identity.users u WHERE u.id = $3
     ON CONFLICT (tenant_id, user_id, request_type) WHERE status IN ('pending', 'processing') DO NOTHING
     RETURNING id`,
    [newId(), tenantId, userId, type, notes ?? null],
  );
  const request = inserted ? await ctx.manager.findOneBy(GdprRequest, { id: inserted.id }) : await ctx.manager.findOneBy(GdprRequest, open);
  if (!request) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The signed-in user no longer exists');
  return request;
}

/** pending → processing → completed | rejected; a closed request does not change any more. */
export async function updateGdprRequest(ctx: RequestContext, input: UpdateGdprRequestInput): Promise<GdprRequest> {
  if (!isUUID(input.id)) throw notFound('GdprRequest', input.id);
  const request = await ctx.manager.findOneBy(GdprRequest, { id: input.id });
  if (!request) throw notFound('GdprRequest', input.id);
  if (CLOSED_GDPR_STATUSES.includes(request.status)) {
    throw new AppError(ErrorCode.CONFLICT, `This request is ${request.status} already`, { field: 'status' });
  }
  const values: Partial<GdprRequest> = { handledBy: ctx.principal.userId };
  if (input.notes !== undefined) values.notes = input.notes;
  if (input.status !== undefined) {
    values.status = input.status;
    values.completedAt = CLOSED_GDPR_STATUSES.includes(input.status) ? new Date() : null;
  }
  await ctx.manager.update(GdprRequest, { id: input.id }, values);
  return ctx.manager.findOneByOrFail(GdprRequest, { id: input.id });
}
