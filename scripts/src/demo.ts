import { v5 } from 'uuid';
import type { DemoContext, DemoTenant, DemoUser } from '@leadgraph/shared';

// Namespace for demo ids: the same name always gives the same id, so seeds are idempotent and
// the subgraphs' rows point at each other without sharing a table.
const DEMO_NAMESPACE = '5b0c8a9e-4f0e-4c1e-9d55-0a4bd1f7c001';
export const demoId = (name: string) => v5(name, DEMO_NAMESPACE);

const ROLES: DemoUser['role'][] = ['admin', 'manager', 'user', 'viewer'];

function tenant(name: string, slug: string): DemoTenant {
  return {
    id: demoId(`tenant:${slug}`),
    name,
    slug,
    users: ROLES.map((role) => ({
      id: demoId(`${slug}:user:${role}`),
      email: `${role}@${slug}.test`,
      name: `${name} ${role[0].toUpperCase()}${role.slice(1)}`,
      role,
    })),
  };
}

export function demoContext(password: string): DemoContext {
  return { password, tenants: [tenant('Acme', 'acme'), tenant('Globex', 'globex')], id: demoId };
}
