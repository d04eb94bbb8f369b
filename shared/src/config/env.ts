import { z } from 'zod';

export { z };

/**
 * Parses the environment once, fails fast with every problem listed, and returns a frozen,
 * typed object. Each process has one `config.ts` that calls this with its schema.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  processName = 'leadgraph',
): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n');
    throw new Error(`${processName}: invalid configuration\n${problems}\nSee .env.example for every variable.`);
  }
  return Object.freeze(parsed.data);
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings every subgraph process shares. */
export const subgraphEnv = (name: string, defaultPort: number) =>
  z.object({
    PORT: port(defaultPort),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z.string().url({ message: `the ${name} subgraph needs the app role's connection URL` }),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    INTERNAL_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  });
