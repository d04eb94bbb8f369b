import { generateKeyPairSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { newId } from '@leadgraph/shared';
import { createTenant, createTestDatabase, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '../index';
import { MemoryMailer, setMailer, type MailMessage } from '../mail/mailer';

/** Test helpers for the sign-in flows (used by *.test.ts only). */

/** Gives the process an access-token key unless one is set; the config reads it on first use. */
export function ensureSigningKey(): void {
  process.env.ACCESS_TOKEN_PRIVATE_KEY ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export const TEST_PASSWORD = 'correct horse battery';

/** Inserts an active user (as the owner) with one role holding `permissions`. */
export async function addUser(
  db: TestDatabase,
  tenant: TestTenant,
  email: string,
  opts: { active?: boolean; permissions?: string[]; password?: string } = {},
): Promise<string> {
  const id = newId();
  const roleId = newId();
  await sql(db.ownerUrl, `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, is_active) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id, tenant.id, email, await bcrypt.hash(opts.password ?? TEST_PASSWORD, 4), email.split('@')[0], opts.active ?? true,
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, $3, 2, $4)`, [
    roleId, tenant.id, `role-${id.slice(-8)}`, opts.permissions ?? ['crm.lead.read'],
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenant.id, id, roleId]);
  return id;
}

/** Routes identity's mails into memory for the rest of the test file. */
export function captureMail(): MemoryMailer {
  const mailbox = new MemoryMailer();
  setMailer(mailbox);
  return mailbox;
}

/** The token a mail carries (the `Token: ...` line). */
export function tokenIn(mail: MailMessage | undefined): string {
  const match = mail?.text.match(/^Token: (\S+)$/m);
  if (!match) throw new Error(`no token in mail: ${JSON.stringify(mail)}`);
  return match[1];
}

export const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken refreshTokenExpiresAt user { id email } } }`;
export const REFRESH = `mutation($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken user { id } } }`;
export const LOGOUT = `mutation($input: LogoutInput!) { logout(input: $input) { ok } }`;

export interface IdentityTestbed {
  db: TestDatabase;
  sg: TestSubgraph;
  tenant: TestTenant;
  close(): Promise<void>;
}

/** A fresh database with the identity subgraph serving it and one tenant in it. */
export async function openIdentityTestbed(tenantName: string): Promise<IdentityTestbed> {
  const db = await createTestDatabase();
  try {
    const sg = await startTestSubgraph(db, identity);
    const tenant = await createTenant(db, tenantName);
    return { db, sg, tenant, close: async () => { await sg.stop(); await db.drop(); } };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
