import { ANONYMOUS } from '@leadgraph/shared';
import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { addMember, as, queryAsTenant } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;

const UPDATE_TENANT = `mutation($input: UpdateTenantInput!) { updateTenant(input: $input) { tenant { id name settings } } }`;
const WHITE_LABEL = `mutation($input: UpdateWhiteLabelSettingsInput!) {
  updateWhiteLabelSettings(input: $input) { whiteLabelSettings { brandName logoUrl primaryColor customDomain } }
}`;
const PREFS = `mutation($input: UpdateEmailPreferencesInput!) { updateEmailPreferences(input: $input) { emailPreferences { marketingEmails productUpdates securityAlerts } } }`;
const TENANT = `{ tenant { id name settings whiteLabel { brandName primaryColor customDomain } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'SetA');
  b = await createTenant(db, 'SetB');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('updateTenant', () => {
  it("renames the caller's tenant and replaces its settings; the other tenant is untouched", async () => {
    const res = await sg.request(UPDATE_TENANT, { variables: { input: { name: 'Set A GmbH', settings: { locale: 'de', nested: { x: 1 } } } }, principal: principalFor(a.id) });
    expect(res.data!.updateTenant.tenant).toEqual({ id: a.id, name: 'Set A GmbH', settings: { locale: 'de', nested: { x: 1 } } });
    const again = await sg.request(UPDATE_TENANT, { variables: { input: { settings: { locale: 'fr' } } }, principal: principalFor(a.id) });
    expect(again.data!.updateTenant.tenant).toMatchObject({ name: 'Set A GmbH', settings: { locale: 'fr' } });
    const other = await sg.request(TENANT, { principal: principalFor(b.id) });
    expect(other.data!.tenant).toMatchObject({ id: b.id, name: 'SetB', settings: {}, whiteLabel: null });
  });

  it('refuses without identity.tenant.write and writes nothing', async () => {
    const res = await sg.request(UPDATE_TENANT, { variables: { input: { name: 'nope' } }, principal: principalFor(b.id, ['identity.tenant.read']) });
    expect(code(res)).toBe('FORBIDDEN');
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM identity.tenants WHERE id = $1', [b.id]);
    expect(row.name).toBe('SetB');
  });

  it('validates: name not empty nor null, settings at most 64 KiB', async () => {
    expect(code(await sg.request(UPDATE_TENANT, { variables: { input: { name: '' } }, principal: principalFor(a.id) }))).toBe('BAD_USER_INPUT');
    expect(code(await sg.request(UPDATE_TENANT, { variables: { input: { name: null } }, principal: principalFor(a.id) }))).toBe('BAD_USER_INPUT');
    const big = await sg.request(UPDATE_TENANT, { variables: { input: { settings: { blob: 'x'.repeat(70_000) } } }, principal: principalFor(a.id) });
    expect(big.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings' });
  });
});

describe('white-label settings', () => {
  it('creates on first write, keeps omitted fields, clears with null, stores the domain in lower case', async () => {
    const first = await sg.request(WHITE_LABEL, { variables: { input: { brandName: 'Acme', primaryColor: '#1f6feb', customDomain: 'CRM.Acme.example' } }, principal: principalFor(a.id) });
    expect(first.data!.updateWhiteLabelSettings.whiteLabelSettings).toEqual({ brandName: 'Acme', logoUrl: null, primaryColor: '#1f6feb', customDomain: 'crm.acme.example' });
    const second = await sg.request(WHITE_LABEL, { variables: { input: { logoUrl: 'https://cdn.acme.example/logo.png', brandName: null } }, principal: principalFor(a.id) });
    expect(second.data!.updateWhiteLabelSettings.whiteLabelSettings).toEqual({
      brandName: null,
      logoUrl: 'https://cdn.acme.example/logo.png',
      primaryColor: '#1f6feb',
      customDomain: 'crm.acme.example',
    });
    const seen = await sg.request(TENANT, { principal: principalFor(a.id) });
    expect(seen.data!.tenant.whiteLabel).toEqual({ brandName: null, primaryColor: '#1f6feb', customDomain: 'crm.acme.example' });
  });

  it('answers CONFLICT for a custom domain another tenant uses, and leaves both rows as they were', async () => {
    await sg.request(WHITE_LABEL, { variables: { input: { customDomain: 'taken.example' } }, principal: principalFor(b.id) });
    const res = await sg.request(WHITE_LABEL, { variables: { input: { customDomain: 'Taken.example' } }, principal: principalFor(a.id) });
    expect(res.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'customDomain' });
    const rows = await sql<{ tenant_id: string; custom_domain: string }>(db.ownerUrl, 'SELECT tenant_id, custom_domain FROM identity.white_label_settings ORDER BY custom_domain');
    expect(rows).toEqual([
      { tenant_id: a.id, custom_domain: 'crm.acme.example' },
      { tenant_id: b.id, custom_domain: 'taken.example' },
    ]);
  });

  it('validates colour, URL and domain, naming each field; needs identity.tenant.write', async () => {
    const res = await sg.request(WHITE_LABEL, { variables: { input: { primaryColor: 'red', logoUrl: 'http://x.example/l.png', customDomain: 'not a domain' } }, principal: principalFor(a.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['customDomain', 'logoUrl', 'primaryColor']);
    expect(code(await sg.request(WHITE_LABEL, { variables: { input: { brandName: 'x' } }, principal: principalFor(a.id, ['identity.tenant.read']) }))).toBe('FORBIDDEN');
  });

  it('is invisible to the app role of another tenant (RLS)', async () => {
    const rows = await queryAsTenant<{ tenant_id: string }>(sg.dataSource, b.id, 'SELECT tenant_id FROM identity.white_label_settings');
    expect(rows).toEqual([{ tenant_id: b.id }]);
  });
});

describe('email preferences', () => {
  it('has defaults, changes only what the caller sends, and only for the caller', async () => {
    const ann = await addMember(db, a, { level: 1, permissions: [] });
    const bob = await addMember(db, a, { level: 1, permissions: [] });
    const mine = `{ me { emailPreferences { marketingEmails productUpdates securityAlerts } } }`;
    expect((await sg.request(mine, { principal: as(ann) })).data!.me.emailPreferences).toEqual({ marketingEmails: false, productUpdates: true, securityAlerts: true });
    const res = await sg.request(PREFS, { variables: { input: { marketingEmails: true } }, principal: as(ann) });
    expect(res.data!.updateEmailPreferences.emailPreferences).toEqual({ marketingEmails: true, productUpdates: true, securityAlerts: true });
    await sg.request(PREFS, { variables: { input: { productUpdates: false } }, principal: as(ann) });
    expect((await sg.request(mine, { principal: as(ann) })).data!.me.emailPreferences).toEqual({ marketingEmails: true, productUpdates: false, securityAlerts: true });
    expect((await sg.request(mine, { principal: as(bob) })).data!.me.emailPreferences).toEqual({ marketingEmails: false, productUpdates: true, securityAlerts: true });
  });

  it("shows another user's preferences only to holders of identity.user.read", async () => {
    const ann = await addMember(db, a, { level: 1, permissions: [] });
    const q = `query($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { emailPreferences { marketingEmails } } } }`;
    const stranger = await sg.request(q, { variables: { id: ann.id }, principal: principalFor(a.id, ['crm.lead.read']) });
    expect(code(stranger)).toBe('FORBIDDEN');
    const admin = await sg.request(q, { variables: { id: ann.id }, principal: principalFor(a.id, ['identity.user.read']) });
    expect(admin.errors).toBeUndefined();
  });

  it('refuses an anonymous caller and a null value', async () => {
    expect(code(await sg.request(PREFS, { variables: { input: { marketingEmails: true } }, principal: ANONYMOUS }))).toBe('UNAUTHENTICATED');
    const ann = await addMember(db, a, { level: 1, permissions: [] });
    expect(code(await sg.request(PREFS, { variables: { input: { securityAlerts: null } }, principal: as(ann) }))).toBe('BAD_USER_INPUT');
  });
});
