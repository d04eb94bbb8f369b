import type { TestDatabase } from '@leadgraph/shared/testing';
import { seedDemo } from '../scripts/src/db';
import { demoContext } from '../scripts/src/demo';
import { SUBGRAPHS } from '../scripts/src/subgraphs';

export const DEMO = demoContext('leadgraph-demo');
export const acme = DEMO.tenants[0];
export const globex = DEMO.tenants[1];

/** Seeds the same demo as `pnpm start` (every subgraph, linked across them). */
export async function seedTestDemo(db: TestDatabase): Promise<void> {
  await seedDemo(db.ownerUrl, SUBGRAPHS, DEMO);
}
