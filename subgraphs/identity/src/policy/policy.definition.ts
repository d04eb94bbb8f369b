import { isUUID } from 'class-validator';
import type { FieldProblem } from '@leadgraph/shared';

/**
 * The `policy_definition` of an access-control policy (001). A policy only ever NARROWS what
 * roles grant: when it applies, the permissions it names are refused although a role grants
 * them. It never grants anything, so a wrong policy can lock people out but never let them in.
 *
 *   {
 *     "effect": "deny",                          // the only effect
 *     "permissions": ["crm.lead.delete"],        // catalog names or domain wildcards (crm.*), 1..100
 *     "when": { ... }                            // optional condition; absent = always
 *   }
 *
 * A condition is an object; every key in it must hold. A key is an attribute with operators, or
 * a combinator:
 *
 *   attribute                   meaning                                   operators
 *   principal.roles             role names of the caller                  contains: name, containsAny: [names]
 *   principal.userId            the calling user                          eq, ne: id; in: [ids]
 *   principal.kind              user | api_key | support                  eq, ne: kind; in: [kinds]
 *   resource.type               the record's type, e.g. crm.lead          eq, ne: type; in: [types]
 *   resource.ownedByPrincipal   resource_ownership names the caller       eq: true | false
 *
 *   all: [conditions]   every one holds      any: [conditions]   at least one holds
 *   not: condition      it does not hold
 *
 * Example: people with the sales role may delete only the leads they own.
 *
 *   { "effect": "deny", "permissions": ["crm.lead.delete"],
 *     "when": { "principal.roles": { "contains": "sales" }, "resource.ownedByPrincipal": { "eq": false } } }
 *
 * Checks that need no record (a list, a create) have no `resource.*` facts: a rule whose
 * condition reads them does not apply there.
 */
export type { PolicyCondition, PolicyDefinition } from '@leadgraph/shared';

type Operand = 'string' | 'strings' | 'id' | 'ids' | 'kind' | 'kinds' | 'boolean';

export const POLICY_ATTRIBUTES: Record<string, Record<string, Operand>> = {
  'principal.roles': { contains: 'string', containsAny: 'strings' },
  'principal.userId': { eq: 'id', ne: 'id', in: 'ids' },
  'principal.kind': { eq: 'kind', ne: 'kind', in: 'kinds' },
  'resource.type': { eq: 'string', ne: 'string', in: 'strings' },
  'resource.ownedByPrincipal': { eq: 'boolean' },
};

const KINDS = ['user', 'api_key', 'support'];
const MAX_DEPTH = 6;
const MAX_LIST = 100;
const MAX_STRING = 255;
export const MAX_POLICY_BYTES = 16 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_STRING;

function operandProblem(kind: Operand, value: unknown): string | null {
  const list = (check: (v: unknown) => boolean, what: string) =>
    Array.isArray(value) && value.length > 0 && value.length <= MAX_LIST && value.every(check) ? null : `must be a list of 1 to ${MAX_LIST} ${what}`;
  switch (kind) {
    case 'string': return isShortString(value) ? null : `must be a string of 1 to ${MAX_STRING} characters`;
    case 'strings': return list(isShortString, 'strings');
    case 'id': return typeof value === 'string' && isUUID(value) ? null : 'must be a user id';
    case 'ids': return list((v) => typeof v === 'string' && isUUID(v), 'user ids');
    case 'kind': return KINDS.includes(value as string) ? null : `must be one of ${KINDS.join(', ')}`;
    case 'kinds': return list((v) => KINDS.includes(v as string), `of ${KINDS.join(', ')}`);
    case 'boolean': return typeof value === 'boolean' ? null : 'must be true or false';
  }
}

function conditionProblems(condition: unknown, path: string, depth: number, out: FieldProblem[]): void {
  if (!isObject(condition) || Object.keys(condition).length === 0) {
    out.push({ path, message: `${path} must be an object with at least one attribute or combinator` });
    return;
  }
  if (depth > MAX_DEPTH) {
    out.push({ path, message: `${path} is nested too deeply (max ${MAX_DEPTH} levels)` });
    return;
  }
  for (const [key, value] of Object.entries(condition)) {
    const at = `${path}.${key}`;
    if (key === 'all' || key === 'any') {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) out.push({ path: at, message: `${at} must be a list of 1 to ${MAX_LIST} conditions` });
      else value.forEach((c, i) => conditionProblems(c, `${at}.${i}`, depth + 1, out));
    } else if (key === 'not') {
      conditionProblems(value, at, depth + 1, out);
    } else if (POLICY_ATTRIBUTES[key]) {
      const operators = POLICY_ATTRIBUTES[key];
      if (!isObject(value) || Object.keys(value).length === 0) {
        out.push({ path: at, message: `${at} must be an object with one of: ${Object.keys(operators).join(', ')}` });
        continue;
      }
      for (const [op, operand] of Object.entries(value)) {
        const kind = operators[op];
        const problem = kind ? operandProblem(kind, operand) : `is not an operator of ${key} (use ${Object.keys(operators).join(', ')})`;
        if (problem) out.push({ path: `${at}.${op}`, message: `${at}.${op} ${problem}` });
      }
    } else {
      out.push({ path: at, message: `${at}: unknown attribute (known: ${Object.keys(POLICY_ATTRIBUTES).join(', ')}; or all, any, not)` });
    }
  }
}

/**
 * Every problem of a definition, with paths under `root` (the input field). Permission names
 * are checked against the catalog separately: that needs the database.
 */
export function policyDefinitionProblems(definition: unknown, root = 'policyDefinition'): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObject(definition)) return [{ path: root, message: `${root} must be an object` }];
  if (Buffer.byteLength(JSON.stringify(definition)) > MAX_POLICY_BYTES) return [{ path: root, message: `${root} must be at most ${MAX_POLICY_BYTES} bytes of JSON` }];
  for (const key of Object.keys(definition)) {
    if (!['effect', 'permissions', 'when'].includes(key)) out.push({ path: `${root}.${key}`, message: `${root}.${key}: unknown key (known: effect, permissions, when)` });
  }
  if (definition.effect !== 'deny') out.push({ path: `${root}.effect`, message: `${root}.effect must be "deny": policies only narrow what roles grant` });
  const { permissions } = definition;
  if (!Array.isArray(permissions) || permissions.length === 0 || permissions.length > MAX_LIST || !permissions.every((p) => typeof p === 'string')) {
    out.push({ path: `${root}.permissions`, message: `${root}.permissions must be a list of 1 to ${MAX_LIST} permission names` });
  }
  if (definition.when !== undefined) conditionProblems(definition.when, `${root}.when`, 1, out);
  return out;
}
