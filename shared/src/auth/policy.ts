import { AppError, ErrorCode } from '../errors';
import { hasPermission, permissionMatches, type Principal } from './principal';

/**
 * Access-control policies (seed 001) only ever NARROW what roles grant: when a policy applies,
 * the permissions it names are refused although a role grants them. Identity stores and
 * validates them (see identity's policy.definition.ts for the language); this is the one
 * evaluator every subgraph uses.
 */
export interface PolicyDefinition {
  effect: 'deny';
  permissions: string[];
  when?: PolicyCondition;
}

export interface PolicyCondition {
  all?: PolicyCondition[];
  any?: PolicyCondition[];
  not?: PolicyCondition;
  [attribute: string]: Record<string, unknown> | PolicyCondition | PolicyCondition[] | undefined;
}

export interface PolicyFacts {
  principal: Pick<Principal, 'kind' | 'userId' | 'roles'>;
  /** Absent for checks that concern no record (a list, a create). */
  resource?: { type: string; ownedByPrincipal: boolean };
}

/** Whether a condition reads facts about a record: such a policy applies only where there is one. */
export function mentionsResource(condition: PolicyCondition | undefined): boolean {
  if (!condition) return false;
  return Object.entries(condition).some(([key, value]) => {
    if (key.startsWith('resource.')) return true;
    if (key === 'all' || key === 'any') return (value as PolicyCondition[]).some(mentionsResource);
    if (key === 'not') return mentionsResource(value as PolicyCondition);
    return false;
  });
}

function attributeHolds(attribute: string, operators: Record<string, unknown>, facts: PolicyFacts): boolean {
  const fact: unknown = (() => {
    switch (attribute) {
      case 'principal.roles': return facts.principal.roles;
      case 'principal.userId': return facts.principal.userId;
      case 'principal.kind': return facts.principal.kind;
      case 'resource.type': return facts.resource?.type;
      case 'resource.ownedByPrincipal': return facts.resource?.ownedByPrincipal;
      default: return undefined;
    }
  })();
  return Object.entries(operators).every(([op, operand]) => {
    switch (op) {
      case 'eq': return fact === operand;
      case 'ne': return fact !== operand;
      case 'in': return Array.isArray(operand) && operand.includes(fact);
      case 'contains': return Array.isArray(fact) && fact.includes(operand);
      case 'containsAny': return Array.isArray(fact) && Array.isArray(operand) && operand.some((o) => fact.includes(o));
      default: return false;
    }
  });
}

export function conditionHolds(condition: PolicyCondition | undefined, facts: PolicyFacts): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([key, value]) => {
    if (key === 'all') return (value as PolicyCondition[]).every((c) => conditionHolds(c, facts));
    if (key === 'any') return (value as PolicyCondition[]).some((c) => conditionHolds(c, facts));
    if (key === 'not') return !conditionHolds(value as PolicyCondition, facts);
    return attributeHolds(key, value as Record<string, unknown>, facts);
  });
}

/** The permissions the given policies refuse for these facts. */
export function deniedBy(policies: PolicyDefinition[], facts: PolicyFacts): string[] {
  return policies
    .filter((p) => p.effect === 'deny' && (facts.resource !== undefined || !mentionsResource(p.when)) && conditionHolds(p.when, facts))
    .flatMap((p) => p.permissions);
}

/**
 * For a check about one record: the principal's grants, then the policies that read facts about
 * records (the principal carries them from identity). Throws FORBIDDEN when refused.
 */
export function assertPermitted(principal: Principal, permission: string, resource: { type: string; ownerIds: (string | null)[] }): void {
  const facts: PolicyFacts = {
    principal,
    resource: { type: resource.type, ownedByPrincipal: principal.userId !== null && resource.ownerIds.includes(principal.userId) },
  };
  const refused = deniedBy(principal.resourcePolicies ?? [], facts).some((denied) => permissionMatches(denied, permission));
  if (refused || !hasPermission(principal, permission)) {
    throw new AppError(ErrorCode.FORBIDDEN, `Missing permission: ${permission}`, { required: [permission] });
  }
}
