import { DATA_SCOPE } from './permissions';
import { hasPermission, type Principal } from './principal';

export type DataScope = 'all' | 'team' | 'own';

/**
 * Which CRM records a principal may see (004's view_all_data / view_team_data / view_own_data).
 * The widest held scope wins; holding none means `own`: deny by default.
 */
export function dataScopeOf(principal: Principal): DataScope {
  if (principal.kind === 'support' || hasPermission(principal, DATA_SCOPE.all)) return 'all';
  if (hasPermission(principal, DATA_SCOPE.team)) return 'team';
  return 'own';
}

/**
 * SQL condition limiting rows to the principal's data scope, or null for `all`. A row is the
 * principal's when one of `ownerColumns` (assigned_to, created_by...) names them, or, for
 * `team`, anyone who reports to them.
 */
export function dataScopeCondition(principal: Principal, ownerColumns: string[]): { sql: string; params: Record<string, unknown> } | null {
  const scope = dataScopeOf(principal);
  if (scope === 'all') return null;
  const owners = [principal.userId, ...(scope === 'team' ? principal.teamUserIds ?? [] : [])].filter((id): id is string => !!id);
  if (owners.length === 0) return { sql: 'FALSE', params: {} };
  return { sql: `(${ownerColumns.map((c) => `${c} = ANY(:scopeOwners)`).join(' OR ')})`, params: { scopeOwners: owners } };
}
