import { z } from 'zod';

// Any 8-4-4-4-12 hex id (z.uuid() would also demand an RFC version and variant).
const uuid = z.guid();
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
