import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import express from 'express';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { authChecker, assertEveryRootFieldDeclaresPermission } from '../auth/authorize';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER, verifyInternalToken } from '../auth/internal-token';
import { describeValidationError, errorReportFor, isShownToClients, maskError, type ErrorReporter } from '../errors';
import { closeRequestContext, openRequestContext, type RequestContext } from '../tenancy/request-context';
import { createLogger, type Logger } from './log';

/**
 * Federation 2.7 plus leadgraph's `@permission(name:)`, composed into the supergraph with
 * `@composeDirective`. (Federation's own `@requiresScopes` would fit, but @apollo/gateway
 * refuses supergraphs that use `for: SECURITY` features.)
 */
export const PERMISSION_SPEC_URL = 'https://leadgraph.dev/permission/v1.0';
const FEDERATION_LINK = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@composeDirective"])
  @link(url: "${PERMISSION_SPEC_URL}", import: ["@permission"])
  @composeDirective(name: "@permission")

"What a field requires: a permission such as crm.lead.read, @public or @signed-in."
directive @permission(name: String!) repeatable on FIELD_DEFINITION`;

export type ReferenceResolver = (reference: { __typename: string; id: string }, ctx: RequestContext) => unknown;

export interface SubgraphDefinition {
  name: string;
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type this subgraph owns; each goes through a loader. */
  references?: Record<string, ReferenceResolver>;
}

/** Builds the subgraph's schema without opening a port (tests and the compose script use it). */
export async function buildSubgraph(def: SubgraphDefinition): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
  });
  assertEveryRootFieldDeclaresPermission(schema);
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolve] of Object.entries(def.references ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolve };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
}

/**
 * Commits the request's transaction when the response has no error, else rolls it back. Errors
 * that will be masked are logged here, where the request id is known, and reported to
 * identity's error_logs.
 */
function transactionPlugin(domain: string, log: Logger, reportError?: ErrorReporter): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, request }) {
          for (const error of errors) {
            if (isShownToClients(error.extensions?.code)) continue;
            log.error('resolver error', { requestId: contextValue.requestId, error: error.message, stack: error.originalError?.stack });
            const report = reportError && errorReportFor(error, { domain, principal: contextValue.principal, requestId: contextValue.requestId, operationName: request.operationName });
            if (report) reportError(report);
          }
        },
        async willSendResponse({ contextValue, response }) {
          const failed = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
          await closeRequestContext(contextValue, !failed);
        },
      };
    },
  };
}

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  dataSource: DataSource;
  internalTokenSecret: string;
  port: number;
  host?: string;
  log?: Logger;
  /** Extra routes (identity's JWKS) mounted before /graphql. */
  routes?: (app: express.Express) => void;
  /** Where masked errors are reported (identity's error_logs); without it they are only logged. */
  reportError?: ErrorReporter;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startSubgraphServer(opts: SubgraphServerOptions): Promise<RunningServer> {
  const log = opts.log ?? createLogger(opts.name);
  const apollo = new ApolloServer<RequestContext>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: false,
    // The process owns shutdown (it drains HTTP, then the pool); Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskError(describeValidationError(formatted, error)),
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), transactionPlugin(opts.name, log, opts.reportError)],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: opts.name });
  });
  opts.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const principal = verifyInternalToken(req.header(INTERNAL_TOKEN_HEADER), {
          secret: opts.internalTokenSecret,
          audience: opts.name,
        });
        const requestId = principal.requestId ?? req.header(REQUEST_ID_HEADER) ?? randomUUID();
        return openRequestContext(opts.dataSource, principal, requestId);
      },
    }),
  );

  // Internal tokens carry a manager's team (up to 1000 ids): allow larger headers than Node's 16 KB.
  const server: Server = createServer({ maxHeaderSize: 96 * 1024 }, app);
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve()));
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info('subgraph listening', { url });
  return {
    url,
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
