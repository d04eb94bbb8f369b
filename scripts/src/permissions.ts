import { readFileSync } from 'node:fs';
import { Kind, parse, visit } from 'graphql';
import { Client } from 'pg';
import type { SubgraphModule } from '@leadgraph/shared';
import { subgraphSchemaPath } from './compose';

/** The permissions a subgraph's committed SDL declares with `@permission(name:)` (markers like @public excluded). */
export function declaredPermissions(sdl: string): string[] {
  const names = new Set<string>();
  visit(parse(sdl), {
    Directive(node) {
      if (node.name.value !== 'permission') return;
      const arg = node.arguments?.find((a) => a.name.value === 'name');
      if (arg?.value.kind === Kind.STRING && !arg.value.value.startsWith('@')) names.add(arg.value.value);
    },
  });
  return [...names].sort();
}

/** `crm.lead.write` -> domain crm, resource lead, action write; `support.access` has no resource. */
function partsOf(name: string): { domain: string; resource: string | null; action: string } {
  const parts = name.split('.');
  return parts.length === 3 ? { domain: parts[0], resource: parts[1], action: parts[2] } : { domain: parts[0], resource: null, action: parts[1] };
}

const describe = ({ domain, resource, action }: ReturnType<typeof partsOf>) => `${action} ${resource ?? domain} (${domain})`;

/**
 * Every subgraph registers the permissions its fields declare in identity's catalog, so roles
 * can grant them (the catalog's foreign key refuses unknown names). Runs as the owner after the
 * migrations, at start and in the test setup.
 */
export async function registerPermissions(identityOwnerUrl: string, subgraphs: SubgraphModule[]): Promise<number> {
  const names = [...new Set(subgraphs.flatMap((mod) => declaredPermissions(readFileSync(subgraphSchemaPath(mod.name), 'utf8'))))];
  const client = new Client({ connectionString: identityOwnerUrl });
  await client.connect();
  try {
    for (const name of names) {
      const parts = partsOf(name);
      await client.query(
        `INSERT INTO identity.permissions (name, domain, resource, action, description) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING`,
        [name, parts.domain, parts.resource, parts.action, describe(parts)],
      );
    }
  } finally {
    await client.end();
  }
  return names.length;
}
