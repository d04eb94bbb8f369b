import type * as Otplib from 'otplib';

/**
 * otplib, loaded on first use. Its default plugins (@noble/hashes, @scure/base) are ES modules
 * only: Node >= 20.19 requires them natively, but jest on Node 20 only once jest.config.ts lets
 * swc transform them. Loading lazily keeps every path that never touches MFA free of that.
 */
let loaded: typeof Otplib | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const otplib = (): typeof Otplib => (loaded ??= require('otplib') as typeof Otplib);

// One 30-second step either side of now: clock drift and the time it takes to type a code.
const TOLERANCE_SECONDS = 30;

/** A new base32 secret of 160 bits (otplib's default; RFC 4226 asks for at least 128). */
export const newTotpSecret = (): string => otplib().generateSecret();

export const totpUri = (secret: string, issuer: string, account: string): string =>
  otplib().generateURI({ issuer, label: account, secret });

/**
 * The time step `code` was generated for, if it is valid now and later than `afterStep`
 * (a code works once, RFC 6238 §5.2); null otherwise.
 */
export async function matchTotp(secret: string, code: string, afterStep: number | undefined): Promise<number | null> {
  try {
    const result = await otplib().verify({ secret, token: code, epochTolerance: TOLERANCE_SECONDS, afterTimeStep: afterStep });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    // otplib throws for a malformed code and when every step in the window is already used.
    return null;
  }
}
