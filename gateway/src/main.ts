import { createLogger, type LogLevel } from '@leadgraph/shared';
import { gatewayConfig } from './config';
import { startGateway } from './server';

async function main() {
  const config = gatewayConfig();
  const log = createLogger('gateway', config.LOG_LEVEL as LogLevel);
  const gateway = await startGateway(config, { log });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second signal while draining means "now": the operator does not want to wait the grace period.
    if (stopping) {
      log.warn('second signal during shutdown: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down: draining requests in flight', { signal, graceMs: config.SHUTDOWN_GRACE_MS });
    gateway.stop().then(
      () => {
        log.info('gateway stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('gateway did not stop cleanly', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
