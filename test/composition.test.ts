import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH, composeSupergraph, renderSubgraphSdl, subgraphSchemaPath } from '../scripts/src/compose';
import { SUBGRAPHS } from '../scripts/src/subgraphs';

const committed = (file: string) => readFileSync(file, 'utf8');
const HINT = 'run `pnpm compose` and commit the result';

describe('committed schemas', () => {
  it.each(SUBGRAPHS.map((m) => [m.name, m] as const))('subgraphs/%s/schema.graphql matches the code', async (_name, mod) => {
    const fresh = await renderSubgraphSdl(mod);
    expect({ file: subgraphSchemaPath(mod.name), stale: committed(subgraphSchemaPath(mod.name)) !== fresh, hint: HINT }).toEqual({
      file: subgraphSchemaPath(mod.name),
      stale: false,
      hint: HINT,
    });
  });

  it('gateway/supergraph.graphql is the composition of the committed subgraph schemas', () => {
    const supergraph = composeSupergraph(SUBGRAPHS.map((mod) => ({ mod, sdl: committed(subgraphSchemaPath(mod.name)) })));
    expect(committed(SUPERGRAPH_PATH) === supergraph ? 'up to date' : `stale: ${HINT}`).toBe('up to date');
  });

  it('fails loudly when subgraph schemas do not compose', () => {
    const [first, second] = SUBGRAPHS;
    const clash = 'type Query { clash: String }\n';
    expect(() =>
      composeSupergraph([
        { mod: first, sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n${clash}` },
        { mod: second, sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n${clash}` },
      ]),
    ).toThrow(/composition failed/i);
  });
});
