import { newId } from '../db/ids';
import type { Principal } from '../auth/principal';
import { sql, type TestDatabase } from './database';

export interface TestTenant {
  id: string;
  slug: string;
  name: string;
}

/** Inserts a tenant (as the owner) so other rows can point at it. */
export async function createTenant(db: TestDatabase, name = 'Tenant'): Promise<TestTenant> {
  const id = newId();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-8)}`;
  await sql(db.ownerUrl, `INSERT INTO identity.tenants (id, name, slug, plan) VALUES ($1, $2, $3, 'growth')`, [id, name, slug]);
  return { id, slug, name };
}

/** A principal as the gateway would forward it. `permissions` defaults to everything. */
export function principalFor(tenantId: string, permissions: string[] = ['*'], userId: string = newId()): Principal {
  return { kind: 'user', userId, tenantId, roles: [], permissions };
}
