/** Who is calling, as the gateway established it. The same shape for JWTs and API keys. */
export type PrincipalKind = 'anonymous' | 'user' | 'api_key' | 'support';

export interface Principal {
  kind: PrincipalKind;
  /** User id (or the API key's owner). */
  userId: string | null;
  tenantId: string | null;
  roles: string[];
  permissions: string[];
  /** For support access: the support user acting on the tenant. */
  actorId?: string | null;
  readOnly?: boolean;
  /** Users who report to this user, directly or not (manager hierarchy): the `team` data scope. */
  teamUserIds?: string[];
  /** Set when the caller authenticated with an API key. */
  apiKeyId?: string | null;
}

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  userId: null,
  tenantId: null,
  roles: [],
  permissions: [],
}) as Principal;

/** Permission strings are `<domain>.<resource>.<action>`; `*` grants everything. */
export function hasPermission(principal: Principal, permission: string): boolean {
  if (principal.permissions.includes('*')) return true;
  if (principal.permissions.includes(permission)) return true;
  const [domain] = permission.split('.');
  return principal.permissions.includes(`${domain}.*`);
}
