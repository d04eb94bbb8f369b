import type { PolicyDefinition } from './policy';

/** Who is calling, as the gateway established it. The same shape for JWTs and API keys. */
/** `service`: a leadgraph process calling another's internal route (the gateway, an outbox relay). */
export type PrincipalKind = 'anonymous' | 'user' | 'api_key' | 'support' | 'service';

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
  /** An API key restricted to one trusted-documents manifest (gateway only; not in internal tokens). */
  trustedDocuments?: string | null;
  /** Refused by the tenant's access-control policies although a role grants them. */
  denied?: string[];
  /** Policies that depend on the record at hand; evaluated where the record is (assertPermitted). */
  resourcePolicies?: PolicyDefinition[];
}

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  userId: null,
  tenantId: null,
  roles: [],
  permissions: [],
}) as Principal;

/** Whether `pattern` (a permission, `<domain>.*` or `*`) covers `permission`. */
export function permissionMatches(pattern: string, permission: string): boolean {
  return pattern === '*' || pattern === permission || (pattern.endsWith('.*') && permission.startsWith(pattern.slice(0, -1)));
}

/**
 * Permission strings are `<domain>.<resource>.<action>`; `<domain>.*` and `*` are wildcards.
 * A permission a policy denies is refused whatever the roles grant.
 */
export function hasPermission(principal: Principal, permission: string): boolean {
  if (principal.denied?.some((d) => permissionMatches(d, permission))) return false;
  return principal.permissions.some((p) => permissionMatches(p, permission));
}
