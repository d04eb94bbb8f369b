import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestDatabase, totp, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

/**
 * The explorer in a real (headless) Chromium against the real supergraph: what a person does in
 * it, through its UI. Needs a Chromium binary: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
 */
function findChromium(): { path: string } | { missing: string } {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return { path: candidate };
    } catch {
      // not there, or not executable: try the next one
    }
  }
  return { missing: candidates.join(', ') };
}

const browserBinary = findChromium();
if ('missing' in browserBinary) {
  console.warn(
    `SKIPPED test/explorer.browser.test.ts: no Chromium binary (looked at ${browserBinary.missing}). ` +
      'Install one with `apt-get install chromium` (Debian) or set CHROMIUM_PATH to a Chromium/Chrome executable.',
  );
}
const describeWithBrowser = 'path' in browserBinary ? describe : describe.skip;

// Every wait is bounded: a broken page fails within seconds, each test within 30 s.
const WAIT_MS = 10_000;

// page.evaluate callbacks run in the browser: the DOM names they use, typed for this file only
// (the test program has no DOM lib: it would clash with Node's fetch types).
type Element = { id: string; textContent: string | null; getAttribute(name: string): string | null };
declare const document: { querySelector(selector: string): Element | null; querySelectorAll(selector: string): ArrayLike<Element>; activeElement: Element | null };
declare const localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; clear(): void };
const TEST_MS = 30_000;
const CROSS_SUBGRAPH = `{ leads(first: 3) { edges { node { name assignedTo { email } } } } }`;


describeWithBrowser('the explorer in a browser', () => {
  let db: TestDatabase;
  let sg: TestSupergraph;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    sg = await startSupergraph(db);
    browser = await chromium.launch({
      executablePath: (browserBinary as { path: string }).path,
      headless: true,
      // Root (CI containers) cannot use Chromium's sandbox.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
      timeout: WAIT_MS * 3,
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(WAIT_MS);
    context.on('request', (request) => requested.push(request.url()));
    page = await context.newPage();
    page.on('websocket', (ws) => requested.push(ws.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sg?.stop();
    await db?.drop();
  });

  const loginForm = () => page.getByRole('form', { name: 'Sign in with email and password' });
  const caller = () => page.getByTestId('explorer-caller');
  /** The text of one of GraphiQL's CodeMirror editors. */
  const editorText = (selector: string) =>
    page.evaluate((sel) => {
      const element = document.querySelector(sel) as (Element & { CodeMirror?: { getValue(): string } }) | null;
      if (!element?.CodeMirror) throw new Error(`no editor at ${sel}`);
      return element.CodeMirror.getValue();
    }, selector);
  const headersTab = async () => JSON.parse((await editorText('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror')) || '{}');

  async function signIn(email: string, password = 'leadgraph-demo') {
    await loginForm().getByLabel('Email').fill(email);
    await loginForm().getByLabel('Password').fill(password);
    await loginForm().getByRole('button', { name: 'Sign in' }).click();
  }

  /** Types nothing: puts the operation into the query editor, runs it, returns the result panel's JSON. */
  async function run(query: string) {
    await page.evaluate((q) => {
      const element = document.querySelector('.graphiql-query-editor .CodeMirror') as Element & { CodeMirror: { setValue(v: string): void } };
      element.CodeMirror.setValue(q);
    }, query);
    const answered = page.waitForResponse((res) => res.request().method() === 'POST' && (res.request().postData() ?? '').includes(JSON.stringify(query).slice(1, -1)));
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await answered;
    await page.waitForFunction(() => {
      const element = document.querySelector('.graphiql-response .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null;
      return (element?.CodeMirror?.getValue() ?? '').trim().startsWith('{');
    }, undefined, { timeout: WAIT_MS });
    return JSON.parse(await editorText('.graphiql-response .CodeMirror'));
  }

  it(
    'signs in through the panel, refetches the schema, and shows a query across crm and identity',
    async () => {
      const pageResponse = await page.goto(sg.gateway.url, { waitUntil: 'load' });
      expect(pageResponse?.headers()['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'; [^]*connect-src 'self'/);
      await caller().getByText(/Not signed in/).waitFor();
      // Anonymous callers may not introspect: the page does not even ask.
      expect(requested.filter((url) => url.endsWith('/graphql')).length).toBe(1);

      const introspection = page.waitForResponse(
        (res) => (res.request().postData() ?? '').includes('IntrospectionQuery') && /^Bearer /.test(res.request().headers().authorization ?? ''),
      );
      await signIn('admin@acme.test');
      await caller().getByText('Signed in as admin@acme.test (Acme)').waitFor();
      expect((await headersTab()).Authorization).toMatch(/^Bearer eyJ/);
      // Docs and autocompletion: the schema is fetched again, now as the signed-in user.
      const schema = (await (await introspection).json()) as { data?: { __schema?: unknown } };
      expect(schema.data?.__schema).toBeDefined();
      await page.waitForFunction(() => !document.querySelector('.graphiql-response')?.textContent?.includes('to load the schema'));

      const result = await run(CROSS_SUBGRAPH);
      expect(result.errors).toBeUndefined();
      const nodes = result.data.leads.edges.map((e: { node: { name: string; assignedTo: { email: string } | null } }) => e.node);
      expect(nodes).toHaveLength(3);
      const emails = nodes.flatMap((n: { assignedTo: { email: string } | null }) => (n.assignedTo ? [n.assignedTo.email] : []));
      expect(emails.length).toBeGreaterThan(0);
      for (const email of emails) expect(email).toMatch(/@acme\.test$/);
      // What the person sees, not only what the editor holds.
      await page.locator('.graphiql-response').getByText(nodes[0].name).first().waitFor();
      await page.locator('.graphiql-response').getByText(emails[0]).first().waitFor();

      const offHost = requested.filter((url) => {
        const { protocol, hostname } = new URL(url);
        return protocol !== 'data:' && hostname !== '127.0.0.1' && hostname !== 'localhost';
      });
      expect(requested.length).toBeGreaterThan(5);
      expect(offHost).toEqual([]);
      expect(consoleErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'signs out, and shows a wrong password as a clear error',
    async () => {
      await caller().getByRole('button', { name: 'Sign out' }).click();
      await caller().getByText(/Not signed in/).waitFor();
      await page.getByText(/Signed out admin@acme\.test: the session is ended/).waitFor();
      expect(await headersTab()).toEqual({});

      await signIn('admin@acme.test', 'not-the-password');
      await loginForm().getByRole('alert').getByText(/Invalid email or password\. After 5 failed attempts/).waitFor();
      expect(await headersTab()).toEqual({});
    },
    TEST_MS,
  );

  it(
    'lets support staff pick a tenant, remembers it, and reads it read-only',
    async () => {
      await signIn('support@leadgraph.test');
      await caller().getByText('Signed in as support@leadgraph.test').waitFor();

      const support = page.getByRole('form', { name: 'Support tenant' });
      await support.getByLabel('Tenant id').fill(acme.id);
      await support.getByRole('button', { name: 'Read this tenant' }).click();
      await page.getByText('Reading Acme, read-only.').waitFor();
      expect((await headersTab())['X-Support-Tenant']).toBe(acme.id);
      await page.getByRole('list', { name: 'Recent tenants' }).getByText(/^Acme/).waitFor();

      const result = await run(`{ tenant { id name } }`);
      expect(result.data.tenant).toEqual({ id: acme.id, name: 'Acme' });

      await page.getByRole('button', { name: 'Remove tenant' }).click();
      await page.waitForFunction(() => !document.querySelector('[data-testid=explorer-caller]')?.textContent?.includes('Support view'));
      expect((await headersTab())['X-Support-Tenant']).toBeUndefined();
    },
    TEST_MS,
  );

  it(
    'asks for the MFA code when the account needs one, then signs in with it',
    async () => {
      const token = await sg.login('viewer@globex.test');
      const enrolled = await sg.request(`mutation { enrollMfa { secret } }`, { token });
      const secret = enrolled.data!.enrollMfa.secret as string;
      const confirmed = await sg.request(`mutation($input: MfaCodeInput!) { confirmMfa(input: $input) { user { mfaEnabled } } }`, {
        token,
        variables: { input: { code: totp(secret) } },
      });
      expect(confirmed.data!.confirmMfa.user.mfaEnabled).toBe(true);

      await caller().getByRole('button', { name: 'Sign out' }).click();
      await caller().getByText(/Not signed in/).waitFor();
      await signIn('viewer@globex.test');
      await loginForm().getByRole('alert').getByText(/uses multi-factor authentication: enter the 6-digit code/).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('lg-mfa');
      expect(await headersTab()).toEqual({});

      // The confirming code's 30 s step is used up: an authenticator shows the next one soon.
      await loginForm().getByLabel('MFA code').fill(totp(secret, Date.now() / 1000 + 30));
      await loginForm().getByLabel('Password').fill('leadgraph-demo');
      await loginForm().getByRole('button', { name: 'Sign in' }).click();
      await caller().getByText('Signed in as viewer@globex.test (Globex)').waitFor();
    },
    TEST_MS,
  );

  it(
    'keeps the headers across a reload and loads the schema with them, all without leaving localhost or logging an error',
    async () => {
      await page.waitForFunction(() => (localStorage.getItem('graphiql:tabState') ?? '').includes('Bearer ey'));
      const introspection = page.waitForResponse(
        (res) => (res.request().postData() ?? '').includes('IntrospectionQuery') && /^Bearer /.test(res.request().headers().authorization ?? ''),
      );
      await page.reload({ waitUntil: 'load' });
      expect((await introspection).status()).toBe(200);
      // The email was known to the page that signed in; a reloaded one reads the token's claims.
      await caller().getByText(/^Signed in as user [0-9a-f-]{36} \(viewer\)/).waitFor();
      expect((await headersTab()).Authorization).toMatch(/^Bearer eyJ/);

      const offHost = requested.filter((url) => !['127.0.0.1', 'localhost'].includes(new URL(url).hostname) && !url.startsWith('data:'));
      expect(offHost).toEqual([]);
      expect(consoleErrors).toEqual([]);
    },
    TEST_MS,
  );
});
