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
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 86_400).default(30 * 86_400),
  LOGIN_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
  MFA_ENCRYPTION_KEY: z
    .string({ message: 'set MFA_ENCRYPTION_KEY (32 random bytes, base64: `openssl rand -base64 32`)' })
    .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' }),
  MFA_ISSUER: z.string().min(1).default('leadgraph'),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

/**
 * Encrypts TOTP secrets outside production only, so `npm start` and the tests need no setup. It
 * is public (it is in the repository): production must set its own, and refuses to start without.
 */
const DEV_MFA_ENCRYPTION_KEY = 'bGVhZGdyYXBoLWRldi1tZmEta2V5LW5vdC1zZWNyZXQ=';

const withDevDefaults = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  env.NODE_ENV === 'production' || env.MFA_ENCRYPTION_KEY ? env : { ...env, MFA_ENCRYPTION_KEY: DEV_MFA_ENCRYPTION_KEY };

let cached: Readonly<IdentityConfig> | undefined;
export function identityConfig(env: NodeJS.ProcessEnv = process.env): Readonly<IdentityConfig> {
  if (env !== process.env) return loadConfig(identityConfigSchema, withDevDefaults(env), 'identity subgraph');
  cached ??= loadConfig(identityConfigSchema, withDevDefaults(env), 'identity subgraph');
  return cached;
}
