import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES, buildBenchmarkSubgraphs, type SubgraphName } from './schema';

/** The principal the stand-in identity gives the benchmark's API key: everything allowed. */
export const BENCH_PRINCIPAL = {
  kind: 'api_key',
  userId: '00000000-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-000000000002',
  roles: [],
  permissions: ['*'],
  teamUserIds: [],
  apiKeyId: '00000000-0000-4000-8000-000000000003',
  denied: [],
  resourcePolicies: [],
};

export interface SubgraphStats {
  /** Requests per subgraph name, and per other path (identity stand-in, billing...). */
  counts: Record<string, number>;
}

export interface RunningSubgraphs {
  port: number;
  stats(): SubgraphStats;
  close(): Promise<void>;
}

const MAX_CACHED_DOCUMENTS = 1_000;

/**
 * One node:http server: the four subgraphs at /accounts, /inventory, /products, /reviews, and a
 * stand-in for leadgraph's identity (`POST /internal/principal`, `GET /.well-known/jwks.json`).
 * Any other path answers `{}` and is counted, so the report shows what else a gateway called.
 * Parsed and validated documents are cached per query text: gateways send the same few queries.
 */
export async function startSubgraphs(opts: { port?: number; memo?: boolean } = {}): Promise<RunningSubgraphs> {
  const schemas = buildBenchmarkSubgraphs();
  // Gateways send the same bodies again and again: with `memo`, each distinct body is executed
  // once and its answer replayed, so the subgraphs cost next to nothing and the gateway is measured.
  const memo = opts.memo ? new Map<string, string>() : undefined;
  const documents = new Map<string, DocumentNode>();
  const counts: Record<string, number> = {};
  const names = new Set<string>(SUBGRAPH_NAMES);

  function documentFor(schema: GraphQLSchema, name: string, query: string): DocumentNode | { errors: { message: string }[] } {
    const key = `${name}\n${query}`;
    let document = documents.get(key);
    if (document) return document;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [{ message: String(error) }] };
    }
    const errors = validate(schema, document);
    if (errors.length) return { errors: errors.map((e) => ({ message: e.message })) };
    if (documents.size >= MAX_CACHED_DOCUMENTS) documents.clear();
    documents.set(key, document);
    return document;
  }

  function answer(res: ServerResponse, status: number, body: unknown, memoKey?: string) {
    const text = JSON.stringify(body);
    if (memoKey !== undefined && memo) {
      if (memo.size >= MAX_CACHED_DOCUMENTS) memo.clear();
      memo.set(memoKey, text);
    }
    send(res, status, text);
  }

  function send(res: ServerResponse, status: number, text: string) {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = (req.url ?? '/').split('?')[0];
    const name = path.slice(1);
    const counted = names.has(name) ? name : `${req.method} ${path}`;
    counts[counted] = (counts[counted] ?? 0) + 1;
    if (names.has(name) && req.method === 'POST') {
      const memoKey = `${name}\n${raw}`;
      const replay = memo?.get(memoKey);
      if (replay !== undefined) return send(res, 200, replay);
      let body: { query?: string; variables?: Record<string, unknown>; operationName?: string };
      try {
        body = JSON.parse(raw);
      } catch {
        return answer(res, 400, { errors: [{ message: 'body is not JSON' }] });
      }
      const schema = schemas[name as SubgraphName];
      const document = documentFor(schema, name, body.query ?? '');
      if ('errors' in document) return answer(res, 200, document);
      const result = execute({ schema, document, variableValues: body.variables, operationName: body.operationName, contextValue: {} });
      if (result instanceof Promise) return void result.then((r) => answer(res, 200, r, r.errors ? undefined : memoKey));
      return answer(res, 200, result, result.errors ? undefined : memoKey);
    }
    if (path === '/internal/principal' && req.method === 'POST') return answer(res, 200, { principal: BENCH_PRINCIPAL });
    if (path === '/.well-known/jwks.json') return answer(res, 200, { keys: [] });
    return answer(res, 200, {});
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stats: () => ({ counts: { ...counts } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
