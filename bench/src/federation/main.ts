import { parseArgs } from 'node:util';
import { formatTable } from '../report';
import { runFederationBenchmark } from './index';
import { VARIANTS, type VariantId } from './gateways';

/** `node bench/dist/federation/main.js --seconds 10 --rounds 3 [--connections 50] [--variants leadgraph,hive-gateway] [--no-pin] [--no-memo] [--profile dir [--profile-variants leadgraph,apollo-gateway]]` */
async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string' },
      variants: { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      'no-memo': { type: 'boolean', default: false },
      profile: { type: 'string' },
      'profile-variants': { type: 'string', default: 'leadgraph' },
    },
  });
  const list = (s: string) => {
    const ids = s.split(',').map((v) => v.trim()) as VariantId[];
    const unknown = ids.filter((v) => !VARIANTS.includes(v));
    if (unknown.length) throw new Error(`unknown variant(s) ${unknown.join(', ')}; choose from ${VARIANTS.join(', ')}`);
    return ids;
  };
  const rows = await runFederationBenchmark({
    seconds: Number(values.seconds),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    warmupSeconds: values.warmup === undefined ? undefined : Number(values.warmup),
    variants: values.variants ? list(values.variants) : undefined,
    pin: !values['no-pin'],
    memoSubgraphs: !values['no-memo'],
    profile: values.profile ? { dir: values.profile, variants: list(values['profile-variants']!) } : undefined,
  });
  console.log(formatTable(rows));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
