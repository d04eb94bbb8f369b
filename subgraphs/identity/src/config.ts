import { loadConfig, z } from '@leadgraph/shared';

/** Identity's own settings on top of the common subgraph ones. */
export const identityConfigSchema = z.object({
  ACCESS_TOKEN_PRIVATE_KEY: z
    .string({ message: 'set ACCESS_TOKEN_PRIVATE_KEY (an EC P-256 private key in PEM; `pnpm start` generates one)' })
    .includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  ACCESS_TOKEN_KID: z.string().min(1).default('leadgraph-1'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  JWT_ISSUER: z.string().min(1).default('leadgraph'),
  JWT_AUDIENCE: z.string().min(1).default('leadgraph-api'),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

let cached: Readonly<IdentityConfig> | undefined;
export function identityConfig(env: NodeJS.ProcessEnv = process.env): Readonly<IdentityConfig> {
  if (env !== process.env) return loadConfig(identityConfigSchema, env, 'identity subgraph');
  cached ??= loadConfig(identityConfigSchema, env, 'identity subgraph');
  return cached;
}
