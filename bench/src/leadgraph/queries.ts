import type { Variant } from './load';
import type { Stack } from './stack';
import { ACME } from './database';

/** Leads across three subgraphs: crm's page, identity's salesperson, assessments' response. */
export const THREE_SUBGRAPH_QUERY = `query($first: Int!) {
  leads(first: $first) { edges { node { name assignedTo { email } sourceResponse { totalScore } } } }
}`;

/** The same, page by page (c). */
export const THREE_SUBGRAPH_PAGE_QUERY = `query($first: Int!, $after: String) {
  leads(first: $first, after: $after) {
    edges { node { name assignedTo { email } sourceResponse { totalScore } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * The part of that query crm answers alone: the references' ids are crm columns, so the gateway
 * plans one fetch, and crm can be asked the same directly.
 */
export const CRM_ONLY_QUERY = `query($first: Int!) {
  leads(first: $first) { edges { node { name assignedTo { id } sourceResponse { id } } } }
}`;

export const PAGE = 20;
const ADMIN = ACME.users.find((u) => u.role === 'admin')!;

type Answer = { data?: any; errors?: unknown };
const edgesOf = (a: Answer) => {
  if (a.errors) throw new Error(`GraphQL errors: ${JSON.stringify(a.errors).slice(0, 300)}`);
  const edges = a.data?.leads?.edges as { node: Record<string, any> }[] | undefined;
  if (!edges || edges.length !== PAGE) throw new Error(`expected ${PAGE} leads, got ${edges?.length}`);
  return edges;
};
const checkThree = (a: Answer) => {
  if (!edgesOf(a).every((e) => e.node.assignedTo?.email && typeof e.node.sourceResponse?.totalScore === 'number'))
    throw new Error('a lead without its salesperson or response: the entity lookups failed');
};
const checkCrm = (a: Answer) => {
  if (!edgesOf(a).every((e) => e.node.assignedTo?.id && e.node.sourceResponse?.id)) throw new Error('a lead without its references');
};

const body = (query: string) => JSON.stringify({ query, variables: { first: PAGE } });

/** The query through the gateway, as Acme's admin with a real access token. */
export function viaGateway(name: string, stack: Stack, query: string): Variant {
  return {
    name,
    request: async () => ({ url: stack.gateway.url, headers: { authorization: `Bearer ${await stack.token(ADMIN.email)}` }, body: body(query) }),
    check: query === CRM_ONLY_QUERY ? checkCrm : checkThree,
  };
}

/** The crm-only query straight to crm, with the internal token the gateway would mint for the same admin. */
export function crmDirect(name: string, stack: Stack): Variant {
  let token: { value: string; at: number } | undefined;
  return {
    name,
    request: async () => {
      if (!token || Date.now() - token.at > 30 * 60_000) {
        token = { value: stack.internalToken(await stack.principal(ADMIN.id, ACME.id), 'crm'), at: Date.now() };
      }
      return { url: stack.subgraphs.crm.url, headers: { 'x-internal-token': token.value }, body: body(CRM_ONLY_QUERY) };
    },
    check: checkCrm,
  };
}
