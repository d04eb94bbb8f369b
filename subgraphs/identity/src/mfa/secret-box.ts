import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { identityConfig } from '../config';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
// Fixed, so a truncated tag (easier to forge) is refused rather than accepted.
const TAG_BYTES = 16;

const key = (): Buffer => Buffer.from(identityConfig().MFA_ENCRYPTION_KEY, 'base64');

/**
 * Encrypts a secret that must be read back (the TOTP seed) with AES-256-GCM under
 * MFA_ENCRYPTION_KEY. `boundTo` (the user id) is authenticated data: a ciphertext copied onto
 * another user's row fails to open. Output: `v1:<iv>:<tag>:<ciphertext>`, base64url parts; the
 * version leaves room to rotate keys.
 */
export function sealSecret(plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
}

/** Opens what `sealSecret` made; throws on a wrong key, a tampered value or another user's. */
export function openSecret(sealed: string, boundTo: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new Error('Unknown sealed-secret format');
  const decipher = createDecipheriv(ALGORITHM, key(), Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
