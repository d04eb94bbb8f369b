import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { cpuMs, serveIpc } from './ipc';
import { VARIANTS, startVariant, type VariantId } from './gateways';

/** Child process: one gateway variant (argv: variant, supergraph path, stand-in services URL). */
async function main() {
  const [id, supergraphPath, servicesUrl] = process.argv.slice(2);
  if (!VARIANTS.includes(id as VariantId)) throw new Error(`unknown gateway variant ${id}`);
  const gateway = await startVariant(id as VariantId, { supergraphPath, servicesUrl });
  // A CPU profile of a chosen stretch of load only (not startup), written where the parent says.
  let session: Session | undefined;
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
  serveIpc({
    cpu: () => cpuMs(),
    profileStart: async () => {
      session = new Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
    },
    profileStop: async (file) => {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      session!.disconnect();
      writeFileSync(file!, JSON.stringify(profile));
    },
    stop: async () => {
      await gateway.stop();
      setImmediate(() => process.exit(0));
    },
  });
  process.send!({ ready: true, url: gateway.url, headers: gateway.headers });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
