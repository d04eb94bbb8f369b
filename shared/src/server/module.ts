import type { Express } from 'express';
import type { DataSource, EntityManager, MixedList } from 'typeorm';
import type { Logger } from './log';
import type { SubgraphDefinition } from './subgraph';

/** Demo data every subgraph seeds from, with ids derived from names so links line up. */
export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'user' | 'viewer';
}
export interface DemoTenant {
  id: string;
  name: string;
  slug: string;
  users: DemoUser[];
}
export interface DemoContext {
  password: string;
  tenants: DemoTenant[];
  /** Deterministic id for a demo row, e.g. `id('acme:lead:1')`. */
  id(name: string): string;
}

/** What a subgraph package exports; `runSubgraph`, the start script and the tests consume it. */
export interface SubgraphModule {
  /** Also the PostgreSQL schema that the subgraph owns. */
  name: string;
  defaultPort: number;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  definition: SubgraphDefinition;
  /** Idempotent demo rows; runs as the owner role inside one transaction. */
  seedDemo?(manager: EntityManager, demo: DemoContext): Promise<void>;
  /** Extra HTTP routes (identity's JWKS, principal and audit endpoints), mounted before /graphql. */
  routes?(app: Express, deps: RouteDeps): void;
}

/** What a subgraph's extra HTTP routes may use; `runSubgraph` and the test kit provide it. */
export interface RouteDeps {
  dataSource: DataSource;
  internalTokenSecret: string;
  log: Logger;
}
