import bcrypt from 'bcryptjs';
import { identityConfig } from '../config';

/**
 * Password policy: length only (NIST 800-63B). The upper bound keeps hashing cheap to refuse;
 * bcrypt reads the first 72 bytes, so characters past that add no strength.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, identityConfig().BCRYPT_ROUNDS);

// Compared against when no user matches, so a wrong email costs as long as a wrong password.
// Made on first use, with the configured cost, because the config is read after import.
let dummyHash: string | undefined;

/** Always runs one bcrypt comparison, whether or not there is a hash to compare with. */
export async function passwordMatches(password: string, hash: string | undefined): Promise<boolean> {
  dummyHash ??= bcrypt.hashSync('leadgraph-timing-equaliser', identityConfig().BCRYPT_ROUNDS);
  const ok = await bcrypt.compare(password, hash ?? dummyHash);
  return ok && hash !== undefined;
}
