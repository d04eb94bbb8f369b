import type { EmbeddedPostgres } from '../scripts/src/db';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__LEADGRAPH_PG__ as EmbeddedPostgres | undefined;
  await pg?.stop();
}
