import type { QueryRunner } from 'typeorm';

/** The tenant the current transaction runs as; NULL (no rows) when none is set. */
export const CURRENT_TENANT_SQL = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/**
 * Puts a table under tenant isolation: ENABLE + FORCE row-level security and one policy for
 * reads and writes. `column` is `tenant_id` except for the tenants table itself (`id`).
 */
export async function enableTenantIsolation(queryRunner: QueryRunner, table: string, column = 'tenant_id'): Promise<void> {
  const policy = `${table.split('.').pop()}_tenant_isolation`;
  await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY ${policy} ON ${table} USING (${column} = ${CURRENT_TENANT_SQL}) WITH CHECK (${column} = ${CURRENT_TENANT_SQL})`,
  );
}

/** SQL for the updated_at trigger function a schema installs once in its first migration. */
export function touchUpdatedAtFunctionSql(schema: string): string {
  return `CREATE OR REPLACE FUNCTION ${schema}.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at = now(); RETURN NEW; END $$`;
}

export async function touchUpdatedAt(queryRunner: QueryRunner, table: string): Promise<void> {
  const [schema, name] = table.split('.');
  await queryRunner.query(
    `CREATE TRIGGER ${name}_touch_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${schema}.touch_updated_at()`,
  );
}
