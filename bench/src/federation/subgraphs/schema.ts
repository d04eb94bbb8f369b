import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';

/**
 * The four subgraphs of the public gateways benchmark, written to match the join__ directives of
 * its supergraph.graphql, with the upstream (Rust) subgraphs' data: the gateway's answer to
 * query.graphql must equal expected.json. Its quirks are upstream's: every user's `reviews` are
 * reviews 1 and 2, every review's author is user 1, `shippingEstimate` is always null.
 */
export const SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides"])';

const users = [
  { id: '1', name: 'Uri Goldshtein', username: 'urigo', birthday: 1234567890 },
  { id: '2', name: 'Dotan Simha', username: 'dotansimha', birthday: 1234567890 },
  { id: '3', name: 'Kamil Kisiela', username: 'kamilkisiela', birthday: 1234567890 },
  { id: '4', name: 'Arda Tanrikulu', username: 'ardatan', birthday: 1234567890 },
  { id: '5', name: 'Gil Gardosh', username: 'gilgardosh', birthday: 1234567890 },
  { id: '6', name: 'Laurin Quast', username: 'laurin', birthday: 1234567890 },
];

const products = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Glass', price: 15, weight: 20 },
  { upc: '4', name: 'Chair', price: 499, weight: 100 },
  { upc: '5', name: 'TV', price: 1299, weight: 1000 },
];

const inStock = new Set(['1', '5']);

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';
const SED_UT =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi';
const SED_QUIA =
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.';
const UT_ENIM = 'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem';
const AT_VERO =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.';

const reviews = [
  { id: '1', upc: '1', body: LOREM },
  { id: '2', upc: '1', body: SED_UT },
  { id: '3', upc: '1', body: SED_QUIA },
  { id: '4', upc: '1', body: UT_ENIM },
  { id: '5', upc: '2', body: LOREM },
  { id: '6', upc: '2', body: SED_UT },
  { id: '7', upc: '2', body: SED_QUIA },
  { id: '8', upc: '2', body: UT_ENIM },
  { id: '9', upc: '3', body: UT_ENIM },
  { id: '10', upc: '4', body: UT_ENIM },
  { id: '11', upc: '4', body: AT_VERO },
];
const AUTHOR = { id: '1', username: 'urigo' };
const USER_REVIEWS = reviews.slice(0, 2);

type Review = (typeof reviews)[number];
const userById = new Map(users.map((u) => [u.id, u]));
const productByUpc = new Map(products.map((p) => [p.upc, p]));
const reviewById = new Map(reviews.map((r) => [r.id, r]));

const accounts = {
  typeDefs: `${LINK}
    type Query { me: User  user(id: ID!): User  users: [User] }
    type User @key(fields: "id") { id: ID!  name: String  username: String  birthday: Int }`,
  resolvers: {
    Query: { me: () => users[0], user: (_: unknown, { id }: { id: string }) => userById.get(id) ?? null, users: () => users },
    User: { __resolveReference: (ref: { id: string }) => userById.get(ref.id) ?? null },
  },
};

const inventory = {
  typeDefs: `${LINK}
    type Product @key(fields: "upc") {
      upc: String!  weight: Int @external  price: Int @external  inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`,
  resolvers: {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref, inStock: inStock.has(ref.upc) }),
      shippingEstimate: () => null,
    },
  },
};

const productsSubgraph = {
  typeDefs: `${LINK}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`,
  resolvers: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
    Product: { __resolveReference: (ref: { upc: string }) => productByUpc.get(ref.upc) ?? null },
  },
};

const reviewsSubgraph = {
  typeDefs: `${LINK}
    type Review @key(fields: "id") { id: ID!  body: String  product: Product  author: User @provides(fields: "username") }
    type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
    type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`,
  resolvers: {
    Review: {
      __resolveReference: (ref: { id: string }) => reviewById.get(ref.id) ?? null,
      product: (review: Review) => ({ upc: review.upc }),
      author: () => AUTHOR,
    },
    User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }), reviews: () => USER_REVIEWS },
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
      reviews: (product: { upc: string }) => reviews.filter((r) => r.upc === product.upc),
    },
  },
};

const definitions = { accounts, inventory, products: productsSubgraph, reviews: reviewsSubgraph };

/** Each subgraph's executable schema, without opening a port. */
export function buildBenchmarkSubgraphs(): Record<SubgraphName, GraphQLSchema> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const { typeDefs, resolvers } = definitions[name];
      // The resolver maps are plain objects; buildSubgraphSchema's resolver type is stricter than they need.
      return [name, buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers: resolvers as never }])];
    }),
  ) as Record<SubgraphName, GraphQLSchema>;
}
