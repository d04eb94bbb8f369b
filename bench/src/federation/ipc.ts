import type { ChildProcess } from 'node:child_process';

/** A child's answer to one request over the IPC channel. */
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** In a child: answers the parent's `{ id, method }` messages with `handlers[method]()`. */
export function serveIpc(handlers: Record<string, (arg?: string) => unknown | Promise<unknown>>): void {
  process.on('message', async (msg: { id?: number; method?: string; arg?: string }) => {
    if (typeof msg?.id !== 'number' || typeof msg.method !== 'string') return;
    const handler = handlers[msg.method];
    try {
      if (!handler) throw new Error(`no IPC method ${msg.method}`);
      process.send!({ id: msg.id, result: await handler(msg.arg) } satisfies Reply);
    } catch (error) {
      process.send!({ id: msg.id, error: String(error instanceof Error ? (error.stack ?? error.message) : error) } satisfies Reply);
    }
  });
}

let nextId = 1;

/** In the parent: calls `method` in the child and waits for its answer. */
export function callChild<T>(child: ChildProcess, method: string, opts: { arg?: string; timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`child ${child.pid}: no answer to ${method} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (msg: Reply) => {
      if (msg?.id !== id) return;
      if (msg.error) done(new Error(msg.error));
      else done(undefined, msg.result as T);
    };
    const onExit = (code: number | null) => done(new Error(`child ${child.pid} exited (${code}) before answering ${method}`));
    function done(error?: Error, result?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(result as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ id, method, arg: opts.arg });
  });
}

/** CPU time (user + system) the calling process has used, in ms. */
export const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
