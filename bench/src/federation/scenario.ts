import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The public benchmark's files, read where the lead keeps them (never copied into the repo). */
export interface Scenario {
  dir: string;
  supergraphSdl: string;
  query: string;
  expected: unknown;
}

/** `../shared/bench/federation-benchmark` next to the repo root (bench/dist/federation → root). */
export const DEFAULT_SCENARIO_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'bench', 'federation-benchmark');

const FILES = ['supergraph.graphql', 'query.graphql', 'expected.json'] as const;

export function loadScenario(dir = DEFAULT_SCENARIO_DIR): Scenario {
  const missing = FILES.filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length) {
    throw new Error(
      `federation benchmark: scenario files missing in ${dir}: ${missing.join(', ')}. ` +
        'It is the Guild graphql-gateways-benchmark scenario, kept outside the repo at ../shared/bench/federation-benchmark.',
    );
  }
  const read = (f: (typeof FILES)[number]) => readFileSync(path.join(dir, f), 'utf8');
  return { dir, supergraphSdl: read('supergraph.graphql'), query: read('query.graphql'), expected: JSON.parse(read('expected.json')) };
}

/** The supergraph with every subgraph URL moved to `<baseUrl>/<subgraph name>`, written to a fresh temp file. */
export function writeSupergraphFor(supergraphSdl: string, baseUrl: string): string {
  let replaced = 0;
  const sdl = supergraphSdl.replace(/(@join__graph\(name: "([^"]+)", url: ")[^"]*(")/g, (_m, head: string, name: string, tail: string) => {
    replaced++;
    return `${head}${baseUrl}/${name}${tail}`;
  });
  if (replaced === 0) throw new Error('federation benchmark: no @join__graph(name:, url:) found in supergraph.graphql');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'leadgraph-federation-')), 'supergraph.graphql');
  writeFileSync(file, sdl);
  return file;
}
