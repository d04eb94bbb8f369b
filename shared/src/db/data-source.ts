import { DataSource, type Logger, type MixedList, type EntitySchema } from 'typeorm';

export interface SubgraphDataSourceOptions {
  url: string;
  /** The subgraph's PostgreSQL schema: identity, crm, ... */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations?: MixedList<Function | string>;
  poolSize?: number;
  logger?: Logger;
  applicationName?: string;
}

/**
 * A subgraph's DataSource. Never `synchronize`: the schema comes from migrations only.
 * `installExtensions: false` because the app role may not create extensions.
 */
export function createSubgraphDataSource(opts: SubgraphDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? `leadgraph-${opts.schema}`,
    logger: opts.logger,
    logging: opts.logger ? ['query', 'error'] : false,
    extra: { options: `-c search_path=${opts.schema}` },
  });
}

/**
 * Counts the statements a DataSource sends. Used by tests and bench/ to prove that list sizes
 * do not change the number of queries (no N+1).
 */
export class StatementCounter implements Logger {
  count = 0;
  readonly statements: string[] = [];
  constructor(private readonly keep = false) {}
  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }
  logQuery(query: string): void {
    this.count++;
    if (this.keep) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
