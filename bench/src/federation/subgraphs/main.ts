import { cpuMs, serveIpc } from '../ipc';
import { startSubgraphs } from './server';

/** Child process: the benchmark's subgraphs (and identity stand-in) on a free port; argv[2] `memo` replays answers. */
async function main() {
  const running = await startSubgraphs({ memo: process.argv[2] === 'memo' });
  serveIpc({
    stats: () => ({ ...running.stats(), cpuMs: cpuMs() }),
    stop: async () => {
      await running.close();
      setImmediate(() => process.exit(0));
    },
  });
  process.send!({ ready: true, port: running.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
