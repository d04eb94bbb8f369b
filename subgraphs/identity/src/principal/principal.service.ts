import { isUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import {
  DATA_SCOPE,
  closeRequestContext,
  dataScopeOf,
  deniedBy,
  hasPermission,
  mentionsResource,
  openRequestContext,
  type PolicyDefinition,
  type Principal,
  type RequestContext,
} from '@leadgraph/shared';
import { recordAccess } from '../security/security-log.service';
import { API_KEY_PATTERN, hashApiKey } from '../api-key/api-key.service';
import { intersectPermissions } from './permission-set';

/** The principal the gateway forwards to every subgraph, as identity knows it right now. */
export interface ResolvedPrincipal {
  kind: 'user' | 'api_key' | 'support';
  /** Null for support: the support user is no member of the tenant they read (see actorId). */
  userId: string | null;
  tenantId: string;
  actorId?: string;
  readOnly?: boolean;
  roles: string[];
  permissions: string[];
  teamUserIds: string[];
  apiKeyId: string | null;
  /** The trusted-documents manifest an API key is restricted to (the gateway enforces it). */
  trustedDocuments?: string | null;
  denied?: string[];
  resourcePolicies?: PolicyDefinition[];
}

/** The credential is not (or no longer) good; the message is for the caller. */
export class CredentialRefused extends Error {}

/** A good credential asking for something it may not have (support access): FORBIDDEN. */
export class AccessRefused extends Error {}

export const SUPPORT_ACCESS_PERMISSION = 'support.access';

/**
 * A manager's team is carried in every internal token; past this size the token gets too big
 * for an HTTP header, and a team that large should use the `all` data scope instead.
 */
export const TEAM_LIMIT = 1000;

interface UserRow {
  password_changed_at: Date | null;
  policies: PolicyDefinition[];
  user_active: boolean;
  tenant_active: boolean;
  roles: string[];
  permissions: string[];
  team_user_ids: string[];
}

/**
 * Everything about one user in one statement, read fresh (a role change applies to the next
 * request, not the next login); this runs for every request the gateway has not cached. The
 * team is everyone who reports to the user, directly or not: UNION (not UNION ALL) drops rows
 * already found, so a cycle in manager_id ends the recursion instead of looping, and LIMIT stops
 * it early (PostgreSQL evaluates the CTE lazily). RLS keeps every part inside the tenant.
 */
const USER_SQL = `
  SELECT u.password_changed_at, u.is_active AS user_active, t.is_active AS tenant_active,
    ARRAY(SELECT p.policy_definition FROM identity.access_control_policies p WHERE p.enabled ORDER BY p.created_at) AS policies,
    ARRAY(SELECT r.name FROM identity.user_roles ur JOIN identity.roles r ON r.id = ur.role_id
           WHERE ur.user_id = u.id ORDER BY r.level DESC, r.name) AS roles,
    ARRAY(SELECT DISTINCT p FROM identity.user_roles ur JOIN identity.roles r ON r.id = ur.role_id
           CROSS JOIN LATERAL unnest(r.permissions) AS p
           WHERE ur.user_id = u.id) AS permissions,
    ARRAY(WITH RECURSIVE team(id) AS (
            SELECT m.id FROM identity.users m WHERE m.manager_id = u.id
            UNION
            SELECT m.id FROM identity.users m JOIN team ON m.manager_id = team.id
          )
          SELECT id FROM team WHERE id <> u.id LIMIT ${TEAM_LIMIT}) AS team_user_ids
  FROM identity.users u JOIN identity.tenants t ON t.id = u.tenant_id
  WHERE u.id = $1 AND u.tenant_id = $2`;

/**
 * Runs `fn` in one transaction of the identity DataSource, committed only when it succeeds, with
 * `tenantId` set from the start when it is already known (a verified token's).
 */
async function inTransaction<T>(
  dataSource: DataSource,
  caller: Principal,
  requestId: string,
  tenantId: string | null,
  fn: (ctx: RequestContext) => Promise<T>,
): Promise<T> {
  const ctx = await openRequestContext(dataSource, { ...caller, tenantId }, requestId);
  let ok = false;
  try {
    const result = await fn(ctx);
    ok = true;
    return result;
  } finally {
    await closeRequestContext(ctx, ok);
  }
}

const setTenant = (ctx: RequestContext, tenantId: string) => ctx.manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);

async function userRow(ctx: RequestContext, userId: string, tenantId: string): Promise<UserRow | undefined> {
  const [row]: UserRow[] = await ctx.manager.query(USER_SQL, [userId, tenantId]);
  return row;
}

/** The team travels in every internal token: only a principal whose data scope is `team` gets it. */
const grantsOf = (row: UserRow): Pick<ResolvedPrincipal, 'roles' | 'permissions' | 'teamUserIds'> => {
  const permissions = [...row.permissions].sort();
  const team = dataScopeOf({ kind: 'user', userId: null, tenantId: null, roles: [], permissions }) === 'team';
  return { roles: row.roles, permissions, teamUserIds: team ? row.team_user_ids : [] };
};

/** For a verified access token: is its user (and tenant) still active, and what may they do now? */
export function resolveUserPrincipal(
  dataSource: DataSource,
  caller: Principal,
  requestId: string,
  claims: { userId: string; tenantId: string; issuedAt?: number },
): Promise<ResolvedPrincipal> {
  if (!isUUID(claims.userId) || !isUUID(claims.tenantId)) return Promise.reject(new CredentialRefused('Unknown user'));
  // The token is verified, so its tenant may be set before reading: RLS does the rest.
  return inTransaction(dataSource, caller, requestId, claims.tenantId, async (ctx) => {
    const row = await userRow(ctx, claims.userId, claims.tenantId);
    if (!row) throw new CredentialRefused('This user no longer exists');
    if (!row.tenant_active) throw new CredentialRefused('This tenant is suspended');
    if (!row.user_active) throw new CredentialRefused('This user is deactivated');
    // A password change (or reset) ends the sessions that started before it, access tokens too.
    if (claims.issuedAt !== undefined && row.password_changed_at && claims.issuedAt < Math.floor(row.password_changed_at.getTime() / 1000)) {
      throw new CredentialRefused('The password changed since this token was issued: sign in again');
    }
    return withPolicies({ kind: 'user', userId: claims.userId, tenantId: claims.tenantId, ...grantsOf(row), apiKeyId: null }, row.policies);
  });
}

interface KeyRow {
  api_key_id: string;
  tenant_id: string;
  user_id: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  user_active: boolean;
  tenant_active: boolean;
  trusted_documents: string | null;
}

/**
 * For an API key: the key's owner, with the key's scopes narrowed to what the owner holds now
 * (a key never outlives a permission its owner lost). Notes the use in last_used_at.
 */
export function resolveApiKeyPrincipal(dataSource: DataSource, caller: Principal, requestId: string, secret: string): Promise<ResolvedPrincipal> {
  if (!API_KEY_PATTERN.test(secret)) return Promise.reject(new CredentialRefused('Malformed API key'));
  return inTransaction(dataSource, caller, requestId, null, async (ctx) => {
    const [key]: KeyRow[] = await ctx.manager.query('SELECT * FROM identity.api_key_principal($1)', [hashApiKey(secret)]);
    if (!key) throw new CredentialRefused('Unknown API key');
    if (key.revoked_at) throw new CredentialRefused('This API key was revoked');
    if (key.expires_at && key.expires_at.getTime() <= Date.now()) throw new CredentialRefused('This API key has expired');
    if (!key.tenant_active) throw new CredentialRefused('This tenant is suspended');
    if (!key.user_active) throw new CredentialRefused("This API key's owner is deactivated");

    await setTenant(ctx, key.tenant_id);
    const row = await userRow(ctx, key.user_id, key.tenant_id);
    if (!row) throw new CredentialRefused('Unknown API key');
    const grants = grantsOf(row);
    await touchLastUsed(ctx, key.api_key_id);
    // A key narrows what its owner may do, not which records they see: it keeps the owner's
    // data scope (a partner key of a manager sees the team's leads), whatever its scopes list.
    const ownerScope = DATA_SCOPE[dataScopeOf({ kind: 'user', userId: null, tenantId: null, roles: [], permissions: grants.permissions })];
    return withPolicies(
      {
        kind: 'api_key',
        userId: key.user_id,
        tenantId: key.tenant_id,
        ...grants,
        permissions: [...new Set([...intersectPermissions(key.scopes, grants.permissions), ownerScope])].sort(),
        apiKeyId: key.api_key_id,
        trustedDocuments: key.trusted_documents,
      },
      row.policies,
    );
  });
}

/**
 * Applies the tenant's access-control policies: those about the principal alone are decided now
 * (their permissions become `denied`, which beats any role grant, wildcards included); those that
 * read facts about a record travel with the principal, for the subgraph that has the record.
 */
function withPolicies(principal: ResolvedPrincipal, policies: PolicyDefinition[]): ResolvedPrincipal {
  const denied = deniedBy(policies, { principal: { kind: principal.kind, userId: principal.userId, roles: principal.roles } });
  const resourcePolicies = policies.filter((p) => mentionsResource(p.when));
  return { ...principal, denied: [...new Set(denied)].sort(), resourcePolicies };
}

/** At most one write a minute per key: a busy partner must not turn every call into an UPDATE. */
async function touchLastUsed(ctx: RequestContext, apiKeyId: string): Promise<void> {
  await ctx.manager.query(
    `UPDATE identity.api_keys SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [apiKeyId],
  );
}

export interface SupportRequest {
  tenantId: string;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription';
}

/**
 * Support access: a support user (permission `support.access`, signed in to their own tenant)
 * names another tenant and reads it, read-only. Every such request is written to that tenant's
 * access_logs, refused ones too, and the log commits before the gateway forwards anything.
 * Answers the principal for a query, 'read-only' for a mutation (logged as refused).
 */
export function resolveSupportPrincipal(
  dataSource: DataSource,
  caller: Principal,
  requestId: string,
  claims: { userId: string; tenantId: string; issuedAt?: number },
  support: SupportRequest,
): Promise<ResolvedPrincipal | 'read-only'> {
  if (!isUUID(support.tenantId)) return Promise.reject(new AccessRefused('X-Support-Tenant must be a tenant id'));
  return resolveUserPrincipal(dataSource, caller, requestId, claims).then((staff) => {
    if (!hasPermission({ kind: 'user', userId: null, tenantId: null, roles: [], permissions: staff.permissions }, SUPPORT_ACCESS_PERMISSION)) {
      throw new AccessRefused('Only support staff may name a tenant with X-Support-Tenant');
    }
    return inTransaction(dataSource, caller, requestId, support.tenantId, async (ctx) => {
      const [tenant]: { id: string }[] = await ctx.manager.query('SELECT id FROM identity.tenants WHERE id = $1', [support.tenantId]);
      if (!tenant) throw new AccessRefused('No such tenant');
      const allowed = support.operationType === 'query';
      await recordAccess(ctx.manager, {
        tenantId: support.tenantId,
        userId: claims.userId,
        resourceType: 'graphql',
        action: support.operationType,
        allowed,
        operationName: support.operationName,
        requestId,
        reason: allowed ? 'support: read-only access' : 'support access is read-only',
      });
      if (!allowed) return 'read-only' as const;
      // Every read the catalog knows, nothing else: support sees what a viewer sees, plus the
      // internals of error logs (support.access).
      const reads: { name: string }[] = await ctx.manager.query(`SELECT name FROM identity.permissions WHERE action = 'read' ORDER BY name`);
      return {
        kind: 'support' as const,
        userId: null,
        tenantId: support.tenantId,
        actorId: claims.userId,
        readOnly: true,
        roles: ['support'],
        permissions: [...reads.map((r) => r.name), DATA_SCOPE.all, SUPPORT_ACCESS_PERMISSION],
        teamUserIds: [],
        apiKeyId: null,
      };
    });
  });
}
