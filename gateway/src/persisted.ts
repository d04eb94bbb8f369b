import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { AppError, ErrorCode, type Logger } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * Automatic persisted queries (APQ: a client sends the sha256 of a query it registered before)
 * and trusted documents: Apollo persisted-query manifests in TRUSTED_DOCUMENTS_DIR, one file per
 * manifest (`<name>.json`). Anyone may run a trusted document by its hash alone; an API key
 * restricted to a manifest (`trustedDocuments` on the key) may run only that manifest's
 * operations, by hash or as their exact text, and is refused anything else before any subgraph
 * is called. A restriction naming a manifest the gateway does not have refuses everything.
 */
export function persistedOperations(
  config: Readonly<GatewayConfig>,
  log: Logger,
): { persistedQueries: ApolloServerOptions<GatewayContext>['persistedQueries']; plugins: ApolloServerPlugin<GatewayContext>[] } {
  const manifests = loadTrustedDocuments(config.TRUSTED_DOCUMENTS_DIR, log);
  const trusted = new Map([...manifests.values()].flatMap((m) => [...m.operations].map(([id, op]) => [id, op.body] as const)));
  // Without APQ, the hash lookup still serves trusted documents; registering does nothing.
  const persistedQueries =
    config.APQ_ENABLED || trusted.size > 0 ? { cache: new PersistedQueryCache(trusted, config.APQ_ENABLED ? new BoundedStringCache(APQ_CACHE_MAX_CHARS) : null) } : false;
  return { persistedQueries, plugins: [trustedDocumentsOnly(manifests), apqRefusalCodes()] };
}

/** Same rule as identity's CreateApiKeyInput.trustedDocuments. */
export const MANIFEST_NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

export interface TrustedOperation {
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface TrustedManifest {
  name: string;
  /** By id: the sha256 (hex) of the body. */
  operations: Map<string, TrustedOperation>;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Reads every `<name>.json` of `dir`. A malformed manifest stops the gateway with a message naming
 * the file: serving half a manifest would refuse a partner's operations at random.
 */
export function loadTrustedDocuments(dir: string, log: Logger): Map<string, TrustedManifest> {
  const manifests = new Map<string, TrustedManifest>();
  if (!existsSync(dir)) {
    log.warn('no trusted documents: the folder does not exist', { dir });
    return manifests;
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    const fail = (problem: string) => new Error(`gateway: trusted documents ${path.join(dir, file)}: ${problem}`);
    if (!MANIFEST_NAME.test(name)) throw fail(`the file name must match ${MANIFEST_NAME} (it is the name API keys use)`);
    let manifest: { format?: unknown; version?: unknown; operations?: unknown };
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw fail(`not JSON (${(error as Error).message})`);
    }
    if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
      throw fail('expected { "format": "apollo-persisted-query-manifest", "version": 1, "operations": [...] }');
    }
    const operations = new Map<string, TrustedOperation>();
    for (const [i, op] of (manifest.operations as Record<string, unknown>[]).entries()) {
      if (typeof op?.id !== 'string' || typeof op.body !== 'string' || typeof op.name !== 'string' || !['query', 'mutation', 'subscription'].includes(op.type as string)) {
        throw fail(`operations[${i}] needs a string id, name and body and a type (query, mutation or subscription)`);
      }
      if (op.id !== sha256Hex(op.body)) throw fail(`operations[${i}] (${op.name}): id is not the sha256 of its body`);
      operations.set(op.id, { name: op.name, type: op.type as TrustedOperation['type'], body: op.body });
    }
    manifests.set(name, { name, operations });
  }
  log.info('trusted documents loaded', { dir, manifests: [...manifests.values()].map((m) => `${m.name} (${m.operations.size})`) });
  return manifests;
}

type KeyValueCache = NonNullable<Exclude<ApolloServerOptions<GatewayContext>['persistedQueries'], false | undefined>['cache']>;

/** Registered APQ bodies kept in memory, at most this many characters in all (about 16 MB). */
export const APQ_CACHE_MAX_CHARS = 8_000_000;

/** A least-recently-used string cache bounded by the total length of its values. */
export class BoundedStringCache {
  private readonly entries = new Map<string, string>();
  private size = 0;
  constructor(private readonly maxChars: number) {}

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Maps iterate in insertion order: re-inserting marks the entry as the most recent.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    this.delete(key);
    if (value.length > this.maxChars) return;
    this.entries.set(key, value);
    this.size += value.length;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= old.length;
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.size -= value.length;
  }
}

/**
 * Apollo Server's APQ store: trusted documents first (fixed, by hash), then what clients
 * registered. Apollo prefixes the keys (`apq:<hash>`); a hash is hex, so the part after the last
 * colon is the hash.
 */
class PersistedQueryCache implements KeyValueCache {
  constructor(
    private readonly trusted: ReadonlyMap<string, string>,
    private readonly registered: BoundedStringCache | null,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.trusted.get(key.slice(key.lastIndexOf(':') + 1)) ?? this.registered?.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.registered?.set(key, value);
  }

  async delete(key: string): Promise<boolean | void> {
    this.registered?.delete(key);
  }
}

/**
 * An API key restricted to a manifest runs only its operations. `queryHash` is the sha256 of
 * the text Apollo is about to run (computed from the text, or the hash it was found by, which
 * both stores guarantee to match), so sending a manifest operation by hash or as text is the same.
 */
function trustedDocumentsOnly(manifests: ReadonlyMap<string, TrustedManifest>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: { principal }, queryHash }) {
          const name = principal.kind === 'api_key' ? principal.trustedDocuments : null;
          if (!name) return;
          const manifest = manifests.get(name);
          if (!manifest) {
            throw new AppError(ErrorCode.FORBIDDEN, `This API key may only run the trusted documents "${name}", which this gateway does not have`, undefined, 403);
          }
          if (!manifest.operations.has(queryHash)) {
            throw new AppError(
              ErrorCode.FORBIDDEN,
              `This API key may only run the operations of the trusted documents "${name}": send one of them by its sha256Hash or as its exact text`,
              undefined,
              403,
            );
          }
        },
      };
    },
  };
}

/** Apollo Server's own APQ refusals (HTTP 400). */
const APQ_REFUSALS = new Set(['provided sha does not match query', 'Unsupported persisted query version']);

/**
 * Apollo gives those refusals no code, so formatError would mask them as internal errors (and
 * log them as such): they are the caller's mistake, BAD_USER_INPUT with Apollo's message.
 */
function apqRefusalCodes(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (error.extensions.code === undefined && APQ_REFUSALS.has(error.message)) error.extensions.code = ErrorCode.BAD_USER_INPUT;
          }
        },
      };
    },
  };
}
