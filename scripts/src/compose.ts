import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { buildSubgraph, type SubgraphModule } from '@leadgraph/shared';
import { SUBGRAPHS } from './subgraphs';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SUPERGRAPH_PATH = path.join(ROOT, 'gateway', 'supergraph.graphql');
export const subgraphSchemaPath = (name: string) => path.join(ROOT, 'subgraphs', name, 'schema.graphql');
export const defaultSubgraphUrl = (mod: SubgraphModule) => `http://127.0.0.1:${mod.defaultPort}/graphql`;

/** The SDL a subgraph emits, exactly as committed in `subgraphs/<name>/schema.graphql`. */
export async function renderSubgraphSdl(mod: SubgraphModule): Promise<string> {
  return `${printSubgraphSchema(await buildSubgraph(mod.definition)).trim()}\n`;
}

/** Composes the supergraph from SDL texts; throws with every composition error listed. */
export function composeSupergraph(sdls: { mod: SubgraphModule; sdl: string }[]): string {
  const result = composeServices(
    sdls.map(({ mod, sdl }) => ({ name: mod.name, url: defaultSubgraphUrl(mod), typeDefs: parse(sdl) })),
  );
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Supergraph composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trim()}\n`;
}

async function main() {
  const sdls = [];
  for (const mod of SUBGRAPHS) {
    const sdl = await renderSubgraphSdl(mod);
    writeFileSync(subgraphSchemaPath(mod.name), sdl);
    sdls.push({ mod, sdl: readFileSync(subgraphSchemaPath(mod.name), 'utf8') });
  }
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph(sdls));
  console.log(`wrote ${SUBGRAPHS.length} subgraph schemas and ${path.relative(ROOT, SUPERGRAPH_PATH)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
