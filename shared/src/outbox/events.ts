import { z } from 'zod';
import type { Principal } from '../auth/principal';

/** Identity's internal route that receives every subgraph's audit events. */
export const AUDIT_EVENTS_PATH = '/internal/audit-events';

/**
 * Audience of the relay's internal token. Not `identity`: the gateway mints that audience for
 * every user request it forwards to identity, so an admin's forwarded token would otherwise be
 * good enough to write audit entries. Only relays mint this one.
 */
export const AUDIT_EVENTS_AUDIENCE = 'identity:audit-events';

const SERVICE_ROLE_PREFIX = 'service:';

/**
 * The relay's principal: no user, no tenant, no permission, so it can do nothing anywhere else.
 * The sending domain travels as a role and must match the batch's domain.
 */
export function relayPrincipal(domain: string): Principal {
  return { kind: 'service', userId: null, tenantId: null, roles: [`${SERVICE_ROLE_PREFIX}${domain}`], permissions: [] };
}

export function relayDomain(principal: Principal): string | null {
  if (principal.kind !== 'service') return null;
  const role = principal.roles.find((r) => r.startsWith(SERVICE_ROLE_PREFIX));
  return role ? role.slice(SERVICE_ROLE_PREFIX.length) : null;
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const values = z.record(z.string(), z.unknown()).nullable();

/** One outbox row on the wire (camelCase); `occurredAt` keeps PostgreSQL's microseconds. */
export const outboxEventSchema = z.object({
  id: uuid,
  tenantId: uuid,
  eventType: z.literal('audit'),
  entityType: z.string().min(1).max(100),
  entityId: uuid,
  entityName: z.string().nullable(),
  action: z.enum(['CREATE', 'UPDATE', 'DELETE']),
  oldValues: values,
  newValues: values,
  actorId: uuid.nullable(),
  requestId: z.string().max(128).nullable(),
  occurredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/),
});

export const outboxBatchSchema = z.object({
  domain: z.string().regex(/^[a-z_]+$/),
  events: z.array(outboxEventSchema).max(1000),
});

export type OutboxEvent = z.infer<typeof outboxEventSchema>;
export type OutboxBatch = z.infer<typeof outboxBatchSchema>;
