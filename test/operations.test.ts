import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { gatewayConfig, startGateway, type RunningGateway } from '@leadgraph/gateway';
import { verifyInternalToken, type Logger } from '@leadgraph/shared';
import { TEST_INTERNAL_SECRET, createTestDatabase, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, seedTestDemo } from './demo';
import { AUDIENCE, ISSUER, startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let token: string;
const started: { gateway: RunningGateway }[] = [];
const proxies: Proxy[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  token = await sg.login('admin@acme.test');
});
afterAll(async () => {
  for (const { gateway } of started) await gateway.stop();
  for (const proxy of proxies) await proxy.close();
  await sg?.stop();
  await db?.drop();
});

/** One line of the gateway's JSON log, as the logger received it. */
type LogLine = { level: string; msg: string } & Record<string, unknown>;

function capturingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A recording HTTP proxy in front of one subgraph: what the gateway sent it, and a way to make
 * the subgraph slow (`delayMs`) or hang (`hang`).
 */
interface Proxy {
  url: string;
  seen: { path: string; headers: http.IncomingHttpHeaders }[];
  delayMs: number;
  hang: boolean;
  /** Resolves when the next GraphQL request reaches the proxy. */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

async function startProxy(targetGraphqlUrl: string): Promise<Proxy> {
  const target = new URL(targetGraphqlUrl).origin;
  const waiting: (() => void)[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/graphql') {
      proxy.seen.push({ path: req.url, headers: req.headers });
      waiting.splice(0).forEach((resolve) => resolve());
      if (proxy.hang) return;
      if (proxy.delayMs) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'x-internal-token', 'x-request-id']) if (req.headers[name]) headers[name] = String(req.headers[name]);
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const proxy: Proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    seen: [],
    delayMs: 0,
    hang: false,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  proxies.push(proxy);
  return proxy;
}

/**
 * A gateway like the harness's, but logging into `log` and reaching every subgraph through a
 * recording proxy.
 */
async function startObservedGateway(env: NodeJS.ProcessEnv = {}) {
  const log = capturingLogger();
  const proxy: Record<string, Proxy> = {};
  for (const [name, subgraph] of Object.entries(sg.subgraphs)) proxy[name] = await startProxy(subgraph.url);
  const gateway = await startGateway(
    gatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET,
      JWKS_URL: sg.subgraphs.identity.url.replace(/\/graphql$/, '/.well-known/jwks.json'),
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      SUPERGRAPH_PATH: path.resolve(__dirname, '..', 'gateway', 'supergraph.graphql'),
      PRINCIPAL_CACHE_TTL_MS: '0',
      RATE_LIMIT_ENABLED: 'false',
      METERING_ENABLED: 'false',
      ...Object.fromEntries(Object.entries(proxy).map(([name, p]) => [`${name.toUpperCase()}_URL`, p.url])),
      ...env,
    }),
    { log },
  );
  started.push({ gateway });
  const post = (query: string, opts: { token?: string; headers?: Record<string, string> } = {}) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: JSON.stringify({ query }),
    });
  const base = gateway.url.replace(/\/graphql$/, '');
  return { gateway, log, proxy, post, base };
}

/** The gateway logs a request when its response is done: just after the client has it. */
async function logLine(log: { lines: LogLine[] }, match: (line: LogLine) => boolean): Promise<LogLine> {
  for (let i = 0; i < 100; i++) {
    const line = log.lines.find(match);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no such log line in ${JSON.stringify(log.lines, null, 1)}`);
}

// Touches all six subgraphs: identity (me), billing (subscription), crm (leads),
// assessments (sourceResponse), podcasts, conversations.
const EVERY_SUBGRAPH = `query EverySubgraph {
  me { email tenant { subscription { status } } }
  leads(first: 3) { edges { node { name sourceResponse { totalScore } } } }
  podcasts(first: 1) { totalCount }
  conversations(first: 1) { totalCount }
}`;

describe('request ids and logs', () => {
  it('carries the request id to every subgraph, in the header and in the internal token', async () => {
    const { post, proxy } = await startObservedGateway();
    const res = await post(EVERY_SUBGRAPH, { token, headers: { 'x-request-id': 'ops-every-subgraph-1' } });
    const body = (await res.json()) as { errors?: unknown };
    expect(body.errors).toBeUndefined();
    for (const [name, p] of Object.entries(proxy)) {
      expect({ name, calls: p.seen.length }).toEqual({ name, calls: expect.any(Number) });
      expect(p.seen.length).toBeGreaterThan(0);
      for (const { headers } of p.seen) {
        expect({ name, requestId: headers['x-request-id'] }).toEqual({ name, requestId: 'ops-every-subgraph-1' });
        const claims = verifyInternalToken(String(headers['x-internal-token']), { secret: TEST_INTERNAL_SECRET, audience: name });
        expect({ name, requestId: claims.requestId }).toEqual({ name, requestId: 'ops-every-subgraph-1' });
      }
    }
  });

  it('logs one line per request with operation, status, duration, request id, tenant and principal kind, and never the token', async () => {
    const { post, log } = await startObservedGateway();
    const ok = await post(`query WhoAmI { me { email } }`, { token, headers: { 'x-request-id': 'ops-log-ok' } });
    expect(ok.status).toBe(200);
    const line = await logLine(log, (l) => l.msg === 'graphql request' && l.requestId === 'ops-log-ok');
    expect(line).toMatchObject({
      level: 'info',
      operationName: 'WhoAmI',
      operationType: 'query',
      status: 200,
      outcome: 'success',
      principal: 'user',
      tenantId: acme.id,
      durationMs: expect.any(Number),
    });

    // Refused before Apollo's pipeline (bad token, body that is not JSON): logged all the same.
    const refused = await post(`{ me { email } }`, { token: 'not.a.jwt', headers: { 'x-request-id': 'ops-log-401' } });
    expect(refused.status).toBe(401);
    expect(await logLine(log, (l) => l.msg === 'graphql request' && l.requestId === 'ops-log-401')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', outcome: 'error' });
    const garbage = await fetch(ok.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'ops-log-400' }, body: '{"query":' });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    expect(await logLine(log, (l) => l.msg === 'graphql request' && l.requestId === 'ops-log-400')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });

    expect(log.lines.filter((l) => l.msg === 'graphql request')).toHaveLength(3);
    expect(JSON.stringify(log.lines)).not.toContain(token);
  });

  it('logs a failed subgraph call with the request id of the client request', async () => {
    const { post, log, proxy } = await startObservedGateway({ CRM_TIMEOUT_MS: '300' });
    proxy.crm.hang = true;
    const res = await post(`{ lead(id: "${acme.id}") { name } }`, { token, headers: { 'x-request-id': 'ops-log-subgraph' } });
    expect(res.status).toBe(200);
    expect(await logLine(log, (l) => l.msg === 'subgraph fetch failed')).toMatchObject({
      level: 'error',
      subgraph: 'crm',
      outcome: 'timeout',
      requestId: 'ops-log-subgraph',
    });
    // The masked error (formatError has no request context) carries the same id.
    expect(await logLine(log, (l) => l.msg === 'masked error')).toMatchObject({ level: 'error', requestId: 'ops-log-subgraph' });
  });
});

describe('/ready', () => {
  it('answers 200 when every subgraph answers its /health, 503 naming the ones that do not (never their URLs)', async () => {
    const ready = await fetch(sg.gateway.url.replace(/\/graphql$/, '/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: expect.arrayContaining(Object.keys(sg.subgraphs)) });

    const { base, proxy } = await startObservedGateway();
    await proxy.podcasts.close();
    await proxy.billing.close();
    const notReady = await fetch(`${base}/ready`);
    expect(notReady.status).toBe(503);
    const body = await notReady.json();
    expect(body).toEqual({ status: 'unavailable', down: ['podcasts', 'billing'] });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|http/);
    // /health is the process only.
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('exposes request, outcome and subgraph fetch metrics in Prometheus format', async () => {
    const { base, post, proxy } = await startObservedGateway({ CRM_TIMEOUT_MS: '300' });
    await (await post(`query WhoAmI { me { email } }`, { token })).json();
    await (await post(`{ me { email } }`, { token: 'not.a.jwt' })).json();
    proxy.crm.hang = true;
    await (await post(`{ me { email } lead(id: "${acme.id}") { name } }`, { token })).json();

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^graphql_request_duration_seconds_count\{operation_type="query",outcome="success"\} 1$/m);
    expect(text).toMatch(/^graphql_request_duration_seconds_count\{operation_type="query",outcome="partial"\} 1$/m);
    expect(text).toMatch(/^graphql_request_duration_seconds_count\{operation_type="unknown",outcome="error"\} 1$/m);
    expect(text).toMatch(/^graphql_requests_total\{status="200",code="none"\} 1$/m);
    expect(text).toMatch(/^graphql_requests_total\{status="200",code="INTERNAL_SERVER_ERROR"\} 1$/m);
    expect(text).toMatch(/^graphql_requests_total\{status="401",code="UNAUTHENTICATED"\} 1$/m);
    expect(text).toMatch(/^graphql_subgraph_fetch_duration_seconds_count\{subgraph="identity",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^graphql_subgraph_fetch_duration_seconds_count\{subgraph="crm",outcome="timeout"\} 1$/m);
    expect(text).not.toMatch(/127\.0\.0\.1/);
  });

  it('is not served with METRICS_ENABLED=false', async () => {
    const { base } = await startObservedGateway({ METRICS_ENABLED: 'false' });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  const refusesNewConnections = (port: number) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });

  it('lets a request in flight finish with its data, refuses new connections, then stops', async () => {
    const { gateway, post, proxy } = await startObservedGateway();
    proxy.crm.delayMs = 1_000;
    const reachedCrm = proxy.crm.nextRequest();
    const inFlight = post(`{ leads(first: 2) { totalCount } }`, { token });
    await reachedCrm;

    const stopping = gateway.stop();
    expect(await refusesNewConnections(gateway.port)).toBe('ECONNREFUSED');
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { leads: { totalCount: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.leads.totalCount).toBeGreaterThan(0);
    await stopping;
  });

  it('closes what is still in flight after SHUTDOWN_GRACE_MS', async () => {
    const { gateway, post, proxy } = await startObservedGateway({ SHUTDOWN_GRACE_MS: '300' });
    proxy.crm.hang = true; // and crm's timeout stays at the default 10 s
    const reachedCrm = proxy.crm.nextRequest();
    const inFlight = post(`{ leads(first: 2) { totalCount } }`, { token }).then(
      () => 'answered',
      () => 'connection closed',
    );
    await reachedCrm;
    const stopStarted = Date.now();
    await gateway.stop();
    expect(Date.now() - stopStarted).toBeLessThan(5_000);
    expect(await inFlight).toBe('connection closed');
  });
});
