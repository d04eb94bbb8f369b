import { gatewayConfig } from './config';
import { startGateway } from './server';

async function main() {
  const gateway = await startGateway(gatewayConfig());
  const shutdown = async () => {
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
