import type { EntityManager } from 'typeorm';
import { newId } from '@leadgraph/shared';
import { AccessLog, SecurityEvent } from './security-log.entity';

export type SecurityEventType =
  | 'login_failed'
  | 'account_locked'
  | 'login_succeeded'
  | 'mfa_failed'
  | 'mfa_enabled'
  | 'mfa_disabled'
  | 'refresh_token_reused'
  | 'password_reset_requested'
  | 'password_changed'
  | 'api_key_created'
  | 'api_key_revoked'
  | 'api_key_rotated'
  | 'user_deactivated'
  | 'user_reactivated'
  | 'support_access';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/**
 * Records a security event in the tenant of `manager`'s transaction. Callers that must keep the
 * record when the request fails (a failed login) pass a manager from `commitIndependently`.
 */
export async function recordSecurityEvent(
  manager: EntityManager,
  event: { tenantId: string; userId?: string | null; type: SecurityEventType; severity?: Severity; details?: Record<string, unknown>; requestId?: string | null },
): Promise<void> {
  await manager.insert(SecurityEvent, {
    id: newId(),
    tenantId: event.tenantId,
    userId: event.userId ?? null,
    eventType: event.type,
    severity: event.severity ?? 'medium',
    details: (event.details ?? {}) as never,
    requestId: event.requestId ?? null,
  });
}

export async function recordAccess(
  manager: EntityManager,
  entry: Omit<AccessLog, 'id' | 'occurredAt' | 'ipAddress' | 'userAgent' | 'reason' | 'resourceId'> & Partial<Pick<AccessLog, 'reason' | 'resourceId' | 'ipAddress' | 'userAgent'>>,
): Promise<void> {
  await manager.insert(AccessLog, { id: newId(), ...entry });
}
