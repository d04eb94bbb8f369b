/* global React, ReactDOM, GraphiQL */
// The explorer page's only script: GraphiQL against this gateway, with a "Sign in" sidebar
// plugin that writes credentials into GraphiQL's Headers tab (what you see there is exactly what
// is sent, and GraphiQL keeps it in localStorage: shouldPersistHeaders). Plain browser JS, no
// build step: React and GraphiQL are the UMD globals served next to this file.
(function () {
  'use strict';

  const h = React.createElement;
  const G = GraphiQL.React;

  const PLUGIN_TITLE = 'Sign in';
  const RECENT_TENANTS_KEY = 'leadgraph:explorer:recentSupportTenants';
  const RECENT_TENANTS_MAX = 6;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // The headers the panel manages, by their lower-case name, with the spelling it writes.
  const CREDENTIAL_HEADERS = { authorization: 'Authorization', 'x-api-key': 'X-Api-Key', 'x-support-tenant': 'X-Support-Tenant' };
  // No quotes in it: it is looked for in the response pane, where GraphiQL shows it as JSON.
  const SIGN_IN_FOR_SCHEMA = 'Sign in with the Sign in panel (person icon, left) to load the schema: docs and autocompletion need a signed-in user.';

  const LOGIN = `mutation ExplorerLogin($input: LoginInput!) {
  login(input: $input) { accessToken refreshToken expiresIn user { email name tenant { id name slug } } }
}`;
  const LOGOUT = 'mutation ExplorerLogout($input: LogoutInput!) { logout(input: $input) { ok } }';
  const CURRENT_TENANT = 'query ExplorerTenant { tenant { id name } }';

  const DEFAULT_QUERY = [
    '# Welcome to the leadgraph explorer.',
    '#',
    '# 1. Sign in with the "Sign in" panel on the left (demo: admin@acme.test, password',
    '#    leadgraph-demo), or paste an access token or API key there. The Headers tab below',
    '#    shows what is sent; support staff pick a customer tenant there too.',
    '# 2. Docs and autocompletion load once you are signed in.',
    '# 3. Run this query across subgraphs (crm, identity, assessments) with Ctrl-Enter:',
    '',
    '{',
    '  leads(first: 5) {',
    '    edges { node { name company assignedTo { email } sourceResponse { totalScore } } }',
    '  }',
    '}',
    '',
  ].join('\n');

  // ---------------------------------------------------------------------------------------------
  // Headers: the Headers tab holds a JSON object; these read and change it.

  /** `{ ok: true, headers }` for a JSON object (blank counts as `{}`), else `{ ok: false }`. */
  function parseHeaders(text) {
    if (!text || !text.trim()) return { ok: true, headers: {} };
    try {
      const value = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value) ? { ok: true, headers: value } : { ok: false };
    } catch {
      return { ok: false };
    }
  }

  /** A header's value whatever its spelling (HTTP header names are case-insensitive). */
  function headerValue(headers, name) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name && headers[key] !== null && headers[key] !== undefined && String(headers[key]).trim() !== '') {
        return String(headers[key]).trim();
      }
    }
    return null;
  }

  /** `headers` with each named header (lower-case) replaced by `value`, or removed for null. */
  function withHeaders(headers, changes) {
    const next = {};
    for (const key of Object.keys(headers)) if (!(key.toLowerCase() in changes)) next[key] = headers[key];
    for (const name of Object.keys(changes)) if (changes[name] !== null) next[CREDENTIAL_HEADERS[name] || name] = changes[name];
    return next;
  }

  /** Only the credential headers: what a new tab starts with. */
  function credentialSubset(headers) {
    const subset = {};
    for (const name of Object.keys(CREDENTIAL_HEADERS)) {
      const value = headerValue(headers, name);
      if (value !== null) subset[CREDENTIAL_HEADERS[name]] = value;
    }
    return subset;
  }

  /** The bearer token of an Authorization header, or null. */
  function bearerToken(headers) {
    const match = /^Bearer\s+(\S+)$/i.exec(headerValue(headers, 'authorization') || '');
    return match ? match[1] : null;
  }

  /** A JWT's claims, unverified (only to show who and until when); null for anything else. */
  function jwtClaims(token) {
    const parts = (token || '').split('.');
    if (parts.length !== 3) return null;
    try {
      const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
      const claims = JSON.parse(json);
      return claims && typeof claims === 'object' ? claims : null;
    } catch {
      return null;
    }
  }

  const hasCredential = (headers) => headerValue(headers, 'authorization') !== null || headerValue(headers, 'x-api-key') !== null;

  // ---------------------------------------------------------------------------------------------
  // Page state shared by the components below.

  // The sign-in done in this page: shows the email instead of a user id, and lets sign-out end
  // the session on the server. The refresh token lives only here, in memory, never in storage.
  let session = null;
  // The live Headers editor (CodeMirror), set by SessionToolbarButton, which is always mounted.
  let headerEditor = null;
  // Set by Explorer: the headers new tabs start with (the credentials of the last change).
  let setNewTabHeaders = () => {};

  const readHeaders = () => parseHeaders(headerEditor ? headerEditor.getValue() : '');

  /** Applies `changes` to the Headers tab; the watcher then refetches the schema. */
  function changeHeaders(changes) {
    const current = readHeaders();
    if (!headerEditor) throw new Error('The Headers editor is not ready yet: try again in a moment.');
    if (!current.ok) throw new Error('The Headers tab is not valid JSON: fix or empty it, then try again.');
    const next = withHeaders(current.headers, changes);
    headerEditor.setValue(Object.keys(next).length ? JSON.stringify(next, null, 2) : '');
    const subset = credentialSubset(next);
    setNewTabHeaders(Object.keys(subset).length ? JSON.stringify(subset, null, 2) : '');
    return next;
  }

  /** POSTs one operation to the gateway with only `headers`: never the Headers tab's. */
  async function postGraphQL(query, variables, headers) {
    let res;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: Object.assign({ 'content-type': 'application/json', accept: 'application/json' }, headers || {}),
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      return { status: 0, body: null };
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    return { status: res.status, body };
  }

  function firstError(result) {
    const errors = result.body && Array.isArray(result.body.errors) ? result.body.errors : [];
    if (errors.length) return errors[0];
    if (result.status === 0) return { message: 'Could not reach the gateway: is it running?' };
    return { message: `The gateway answered HTTP ${result.status} without a GraphQL result.` };
  }

  /** A login error as the user should read it, and the form field it concerns. */
  function loginProblem(result) {
    const error = firstError(result);
    const ext = error.extensions || {};
    if (ext.mfaRequired) {
      return { field: 'mfa', text: 'This account uses multi-factor authentication: enter the 6-digit code from your authenticator app and sign in again.' };
    }
    if (error.message === 'Invalid email or password') {
      return {
        field: 'password',
        text: 'Invalid email or password. After 5 failed attempts in a row the account is locked for 15 minutes (its owner gets an email) and answers the same way until then; a password reset unlocks it.',
      };
    }
    if (ext.code === 'BAD_USER_INPUT' && /tenant/i.test(error.message)) return { field: 'tenant', text: error.message };
    if (ext.code === 'RATE_LIMITED' || result.status === 429) {
      const wait = ext.retryAfter ? ` Try again in ${ext.retryAfter} s.` : '';
      return { field: null, text: error.message + wait };
    }
    if (/MFA code/i.test(error.message)) return { field: 'mfa', text: `${error.message}: check the code in your authenticator app.` };
    return { field: null, text: ext.code ? `${error.message} (${ext.code})` : error.message };
  }

  function readRecentTenants() {
    try {
      const list = JSON.parse(localStorage.getItem(RECENT_TENANTS_KEY) || '[]');
      return Array.isArray(list) ? list.filter((t) => t && typeof t.id === 'string' && UUID.test(t.id)) : [];
    } catch {
      return [];
    }
  }

  function rememberTenant(id, name) {
    const list = [{ id, name: name || null }].concat(readRecentTenants().filter((t) => t.id !== id)).slice(0, RECENT_TENANTS_MAX);
    localStorage.setItem(RECENT_TENANTS_KEY, JSON.stringify(list));
    return list;
  }

  function forgetTenant(id) {
    const list = readRecentTenants().filter((t) => t.id !== id);
    localStorage.setItem(RECENT_TENANTS_KEY, JSON.stringify(list));
    return list;
  }

  const time = (seconds) => new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  /** What the current headers make of the caller: one line and a tone. */
  function describeCaller(parsed, recentTenants) {
    if (!parsed.ok) return { tone: 'error', text: 'The Headers tab is not valid JSON: requests cannot be sent until it is fixed.' };
    const headers = parsed.headers;
    const apiKey = headerValue(headers, 'x-api-key');
    const auth = headerValue(headers, 'authorization');
    const token = bearerToken(headers);
    const supportTenant = headerValue(headers, 'x-support-tenant');
    if (apiKey && auth) return { tone: 'error', text: 'Both Authorization and X-Api-Key are set: the gateway refuses that. Keep one.' };
    if (!apiKey && !auth) {
      return { tone: 'neutral', text: 'Not signed in: only login and signUp work, and docs and autocompletion load after sign-in.' };
    }
    const key = apiKey || (token && token.startsWith('lg_') ? token : null);
    if (key) return { tone: 'neutral', text: `Using API key ${key.slice(0, 11)}... (acts as its owner, limited to its scopes).` };
    if (!token) return { tone: 'error', text: 'The Authorization header must be "Bearer <token>".' };
    const claims = jwtClaims(token);
    if (!claims) return { tone: 'error', text: 'The Authorization header does not hold a JWT access token or an lg_ API key.' };
    const who =
      session && session.accessToken === token
        ? `${session.email} (${session.tenantName})`
        : `user ${claims.sub}${Array.isArray(claims.roles) && claims.roles.length ? ` (${claims.roles.join(', ')})` : ''}`;
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
      return { tone: 'error', text: `The access token of ${who} expired at ${time(claims.exp)}: sign in again.` };
    }
    const until = typeof claims.exp === 'number' ? `, token valid until ${time(claims.exp)}` : '';
    if (supportTenant) {
      const known = recentTenants.find((t) => t.id === supportTenant.toLowerCase());
      const tenant = known && known.name ? `${known.name} (${supportTenant})` : supportTenant;
      return { tone: 'support', text: `Signed in as ${who}${until}. Support view of tenant ${tenant}: read-only, every request is logged in that tenant.` };
    }
    return { tone: 'ok', text: `Signed in as ${who}${until}.` };
  }

  // ---------------------------------------------------------------------------------------------
  // Components.

  /** The Headers tab's text, following every edit, tab switch and programmatic change. */
  function useHeaderText() {
    const editor = G.useEditorContext({ nonNull: true }).headerEditor;
    const [text, setText] = React.useState(() => (editor ? editor.getValue() : ''));
    React.useEffect(() => {
      if (!editor) return undefined;
      const update = () => setText(editor.getValue());
      update();
      editor.on('change', update);
      return () => editor.off('change', update);
    }, [editor]);
    return [text, editor];
  }

  /** Re-renders every 30 s, so an expiring token is reported without an edit. */
  function useTick() {
    const [, setTick] = React.useState(0);
    React.useEffect(() => {
      const id = setInterval(() => setTick((n) => n + 1), 30000);
      return () => clearInterval(id);
    }, []);
  }

  function PersonIcon(props) {
    return h(
      'svg',
      Object.assign({ viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5 }, props),
      h('circle', { cx: 12, cy: 8, r: 4, fill: props.filled ? 'currentColor' : 'none' }),
      h('path', { d: 'M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7', strokeLinecap: 'round' }),
    );
  }

  /**
   * Always mounted (GraphiQL's toolbar): shows who is signed in, opens the panel, and refetches
   * the schema whenever the credentials in the Headers tab change (typed, pasted, signed in or
   * out, another tab), so docs and autocompletion match the caller.
   */
  function SessionToolbarButton() {
    const [text, editor] = useHeaderText();
    const schema = G.useSchemaContext({ nonNull: true });
    const plugins = G.usePluginContext();
    headerEditor = editor;
    const parsed = parseHeaders(text);
    const signature = editor && parsed.ok ? JSON.stringify(credentialSubset(parsed.headers)) : null;
    const introspected = React.useRef(undefined);
    React.useEffect(() => {
      if (signature === null || signature === introspected.current) return undefined;
      if (introspected.current === undefined) {
        // GraphiQL introspects by itself with the headers it starts with.
        introspected.current = signature;
        return undefined;
      }
      const id = setTimeout(() => {
        introspected.current = signature;
        schema.introspect();
      }, 300);
      return () => clearTimeout(id);
    }, [signature]); // only a change of credentials refetches, not every render's new `schema`
    // GraphiQL shows a failed introspection in the response pane and leaves it there: once the
    // schema loads after sign-in, our "sign in to load the schema" must not linger.
    const { responseEditor } = G.useEditorContext({ nonNull: true });
    React.useEffect(() => {
      if (!schema.fetchError && responseEditor && responseEditor.getValue().includes(SIGN_IN_FOR_SCHEMA)) responseEditor.setValue('');
    }, [schema.fetchError, responseEditor]);
    const signedIn = parsed.ok && hasCredential(parsed.headers);
    const label = signedIn ? describeCaller(parsed, readRecentTenants()).text : 'Not signed in: open the sign-in panel';
    return h(
      G.ToolbarButton,
      { label, onClick: () => plugins && plugins.setVisiblePlugin(PLUGIN_TITLE), 'data-testid': 'explorer-session-button' },
      h(PersonIcon, { className: 'graphiql-toolbar-icon', 'aria-hidden': 'true', filled: signedIn }),
    );
  }

  function Field(props) {
    return h(
      'div',
      { className: `lg-field${props.highlight ? ' lg-field-highlight' : ''}` },
      h('label', { htmlFor: props.id }, props.label, props.optional ? h('span', { className: 'lg-optional' }, ' (optional)') : null),
      h('input', {
        id: props.id,
        type: props.type || 'text',
        value: props.value,
        onChange: (e) => props.onChange(e.target.value),
        autoComplete: props.autoComplete || 'off',
        placeholder: props.placeholder,
        inputMode: props.inputMode,
        ref: props.inputRef,
        spellCheck: false,
      }),
      props.hint ? h('div', { className: 'lg-hint' }, props.hint) : null,
    );
  }

  function Message(props) {
    if (!props.message) return null;
    return h('p', { className: `lg-message lg-${props.message.tone}`, role: props.message.tone === 'error' ? 'alert' : 'status' }, props.message.text);
  }

  function LoginForm() {
    const [email, setEmail] = React.useState('');
    const [password, setPassword] = React.useState('');
    const [tenant, setTenant] = React.useState('');
    const [mfaCode, setMfaCode] = React.useState('');
    const [busy, setBusy] = React.useState(false);
    const [message, setMessage] = React.useState(null);
    const [field, setField] = React.useState(null);
    const mfaRef = React.useRef(null);
    const tenantRef = React.useRef(null);

    async function submit(event) {
      event.preventDefault();
      setMessage(null);
      setField(null);
      if (!readHeaders().ok) {
        setMessage({ tone: 'error', text: 'The Headers tab is not valid JSON: fix or empty it first, the token goes there.' });
        return;
      }
      setBusy(true);
      const input = { email: email.trim(), password };
      if (tenant.trim()) input.tenant = tenant.trim();
      if (mfaCode.trim()) input.mfaCode = mfaCode.trim();
      const result = await postGraphQL(LOGIN, { input });
      setBusy(false);
      const login = result.body && result.body.data && result.body.data.login;
      if (!login) {
        const problem = loginProblem(result);
        setField(problem.field);
        setMessage({ tone: 'error', text: problem.text });
        if (problem.field === 'mfa' && mfaRef.current) mfaRef.current.focus();
        if (problem.field === 'tenant' && tenantRef.current) tenantRef.current.focus();
        return;
      }
      session = { accessToken: login.accessToken, refreshToken: login.refreshToken, email: login.user.email, tenantName: login.user.tenant.name };
      try {
        // A new sign-in starts clean: no API key beside it, no support tenant of a previous one.
        changeHeaders({ authorization: `Bearer ${login.accessToken}`, 'x-api-key': null, 'x-support-tenant': null });
      } catch (error) {
        setMessage({ tone: 'error', text: error.message });
        return;
      }
      setPassword('');
      setMfaCode('');
      setMessage({ tone: 'ok', text: `Signed in as ${login.user.email} (${login.user.tenant.name}). The token is in the Headers tab; docs and autocompletion follow this user.` });
    }

    return h(
      'form',
      { className: 'lg-section', onSubmit: submit, 'aria-label': 'Sign in with email and password' },
      h('h3', null, 'Sign in'),
      h(Field, { id: 'lg-email', label: 'Email', type: 'email', value: email, onChange: setEmail, autoComplete: 'username', placeholder: 'admin@acme.test' }),
      h(Field, { id: 'lg-password', label: 'Password', type: 'password', value: password, onChange: setPassword, autoComplete: 'current-password', highlight: field === 'password' }),
      h(Field, {
        id: 'lg-tenant',
        label: 'Tenant slug',
        optional: true,
        value: tenant,
        onChange: setTenant,
        inputRef: tenantRef,
        highlight: field === 'tenant',
        hint: 'Only when your email belongs to several tenants.',
      }),
      h(Field, {
        id: 'lg-mfa',
        label: 'MFA code',
        optional: true,
        value: mfaCode,
        onChange: setMfaCode,
        inputRef: mfaRef,
        inputMode: 'numeric',
        autoComplete: 'one-time-code',
        highlight: field === 'mfa',
        hint: 'The 6-digit code, once multi-factor authentication is on.',
      }),
      h('button', { type: 'submit', className: 'graphiql-button lg-primary', disabled: busy || !email.trim() || !password }, busy ? 'Signing in...' : 'Sign in'),
      h(Message, { message }),
    );
  }

  function TokenForm() {
    const [value, setValue] = React.useState('');
    const [message, setMessage] = React.useState(null);
    function submit(event) {
      event.preventDefault();
      const credential = value.trim().replace(/^Bearer\s+/i, '');
      if (!credential || /\s/.test(credential)) {
        setMessage({ tone: 'error', text: 'Paste one access token (eyJ...) or API key (lg_...), without spaces.' });
        return;
      }
      const isKey = credential.startsWith('lg_');
      try {
        changeHeaders(
          isKey
            ? { 'x-api-key': credential, authorization: null, 'x-support-tenant': null }
            : { authorization: `Bearer ${credential}`, 'x-api-key': null, 'x-support-tenant': null },
        );
      } catch (error) {
        setMessage({ tone: 'error', text: error.message });
        return;
      }
      session = null;
      setValue('');
      setMessage({ tone: 'ok', text: isKey ? 'API key set as X-Api-Key.' : 'Token set as Authorization: Bearer.' });
    }
    return h(
      'form',
      { className: 'lg-section', onSubmit: submit, 'aria-label': 'Use a token or API key' },
      h('h3', null, 'Or use a token or API key'),
      h(Field, { id: 'lg-token', label: 'Access token or API key', type: 'password', value, onChange: setValue, placeholder: 'eyJ... or lg_...' }),
      h('button', { type: 'submit', className: 'graphiql-button', disabled: !value.trim() }, 'Use it'),
      h(Message, { message }),
    );
  }

  function SupportTenant(props) {
    const { headers, recent, setRecent } = props;
    const current = headerValue(headers, 'x-support-tenant');
    const claims = jwtClaims(bearerToken(headers));
    const isSupport = Boolean(claims && Array.isArray(claims.perms) && claims.perms.includes('support.access'));
    const [id, setId] = React.useState('');
    const [busy, setBusy] = React.useState(false);
    const [message, setMessage] = React.useState(null);

    async function apply(tenantId) {
      const wanted = tenantId.trim().toLowerCase();
      setMessage(null);
      if (!UUID.test(wanted)) {
        setMessage({ tone: 'error', text: 'A tenant id is a UUID, e.g. 91388ec9-e96b-54f3-a0ce-dc59a88abde9 (query { tenant { id } } shows one).' });
        return;
      }
      if (!bearerToken(headers)) {
        setMessage({ tone: 'error', text: 'Sign in as a support user first: X-Support-Tenant goes with their access token.' });
        return;
      }
      let next;
      try {
        next = changeHeaders({ 'x-support-tenant': wanted });
      } catch (error) {
        setMessage({ tone: 'error', text: error.message });
        return;
      }
      setId('');
      setBusy(true);
      const result = await postGraphQL(CURRENT_TENANT, undefined, credentialSubset(next));
      setBusy(false);
      const tenant = result.body && result.body.data && result.body.data.tenant;
      if (tenant) {
        setRecent(rememberTenant(wanted, tenant.name));
        setMessage({ tone: 'support', text: `Reading ${tenant.name}, read-only. Remove the tenant to leave it.` });
      } else {
        const error = firstError(result);
        const code = error.extensions && error.extensions.code;
        setMessage({ tone: 'error', text: `The gateway refused this tenant: ${error.message}${code ? ` (${code})` : ''}. Only support staff may name a tenant, and only an existing one.` });
      }
    }

    function clear() {
      try {
        changeHeaders({ 'x-support-tenant': null });
        setMessage({ tone: 'ok', text: 'X-Support-Tenant removed.' });
      } catch (error) {
        setMessage({ tone: 'error', text: error.message });
      }
    }

    return h(
      'details',
      { className: 'lg-section', open: isSupport || Boolean(current) || undefined },
      h('summary', null, h('h3', null, 'Support access')),
      h(
        'p',
        { className: 'lg-hint' },
        'Support staff read a customer tenant, read-only, by sending X-Support-Tenant with their token. Every such request is recorded in that tenant\u2019s access log.',
      ),
      h(
        'form',
        { onSubmit: (e) => { e.preventDefault(); apply(id); }, 'aria-label': 'Support tenant' },
        h(Field, { id: 'lg-support-tenant', label: 'Tenant id', value: id, onChange: setId, placeholder: '91388ec9-e96b-54f3-a0ce-dc59a88abde9' }),
        h(
          'div',
          { className: 'lg-row' },
          h('button', { type: 'submit', className: 'graphiql-button', disabled: busy || !id.trim() }, busy ? 'Checking...' : 'Read this tenant'),
          h('button', { type: 'button', className: 'graphiql-button', disabled: !current, onClick: clear }, 'Remove tenant'),
        ),
      ),
      recent.length
        ? h(
            'ul',
            { className: 'lg-recent', 'aria-label': 'Recent tenants' },
            recent.map((t) =>
              h(
                'li',
                { key: t.id, className: current && current.toLowerCase() === t.id ? 'lg-current' : undefined },
                h('button', { type: 'button', className: 'lg-link', title: t.id, onClick: () => apply(t.id) }, t.name ? `${t.name} \u00b7 ${t.id.slice(0, 8)}` : t.id),
                h('button', { type: 'button', className: 'lg-link lg-forget', 'aria-label': `Forget ${t.name || t.id}`, onClick: () => setRecent(forgetTenant(t.id)) }, '\u00d7'),
              ),
            ),
          )
        : null,
      h(Message, { message }),
    );
  }

  function SignInPanel() {
    useTick();
    const [text] = useHeaderText();
    const [recent, setRecent] = React.useState(readRecentTenants);
    const [message, setMessage] = React.useState(null);
    const parsed = parseHeaders(text);
    const caller = describeCaller(parsed, recent);
    const signedIn = parsed.ok && (hasCredential(parsed.headers) || headerValue(parsed.headers, 'x-support-tenant') !== null);

    async function signOut() {
      const token = parsed.ok ? bearerToken(parsed.headers) : null;
      const ended = session && session.accessToken === token ? session : null;
      session = null;
      try {
        changeHeaders({ authorization: null, 'x-api-key': null, 'x-support-tenant': null });
      } catch (error) {
        setMessage({ tone: 'error', text: error.message });
        return;
      }
      if (!ended) {
        setMessage({ tone: 'ok', text: 'Signed out: the credentials are gone from the Headers tab.' });
        return;
      }
      const result = await postGraphQL(LOGOUT, { input: { refreshToken: ended.refreshToken } });
      const ok = result.body && result.body.data && result.body.data.logout && result.body.data.logout.ok;
      setMessage(
        ok
          ? { tone: 'ok', text: `Signed out ${ended.email}: the session is ended and the token removed from the Headers tab.` }
          : { tone: 'error', text: `The token is removed, but the server could not end the session: ${firstError(result).message}` },
      );
    }

    return h(
      'div',
      { className: 'lg-panel' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Sign in'),
      h(
        'div',
        { className: `lg-caller lg-${caller.tone}`, 'data-testid': 'explorer-caller', role: 'status' },
        h('span', null, caller.text),
        signedIn ? h('button', { type: 'button', className: 'graphiql-button', onClick: signOut }, 'Sign out') : null,
      ),
      h(Message, { message }),
      h(LoginForm),
      h(TokenForm),
      h(SupportTenant, { headers: parsed.ok ? parsed.headers : {}, recent, setRecent }),
      h(
        'p',
        { className: 'lg-hint lg-footnote' },
        'Credentials go into the Headers tab of the current tab (new tabs start with them). GraphiQL saves headers in this browser\u2019s localStorage; turn that off under Settings \u2192 Persist headers.',
      ),
    );
  }

  const SIGN_IN_PLUGIN = { title: PLUGIN_TITLE, icon: () => h(PersonIcon, { 'aria-hidden': 'true' }), content: SignInPanel };

  // ---------------------------------------------------------------------------------------------
  // GraphiQL.

  const baseFetcher = GraphiQL.createFetcher({ url: '/graphql' });
  /**
   * Introspection is for signed-in callers only: without a credential it is answered here, with
   * the way to get one, instead of a request the gateway refuses. It reads the live Headers tab
   * because GraphiQL hands over headers it copies after rendering, which can lag an edit.
   */
  function fetcher(params, opts) {
    if (params && params.operationName === 'IntrospectionQuery') {
      const live = headerEditor ? readHeaders() : { ok: false };
      const headers = live.ok ? live.headers : (opts && opts.headers) || {};
      if (!hasCredential(headers)) return Promise.resolve({ data: null, errors: [{ message: SIGN_IN_FOR_SCHEMA }] });
      return baseFetcher(params, Object.assign({}, opts, { headers }));
    }
    return baseFetcher(params, opts);
  }

  const toolbar = { additionalComponent: SessionToolbarButton };
  const plugins = [SIGN_IN_PLUGIN];

  function Explorer() {
    const [newTabHeaders, setHeaders] = React.useState('');
    setNewTabHeaders = setHeaders;
    return h(GraphiQL, {
      fetcher,
      plugins,
      toolbar,
      defaultQuery: DEFAULT_QUERY,
      defaultHeaders: newTabHeaders,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers',
    });
  }

  // Open the panel on a first visit; afterwards GraphiQL remembers which pane was open.
  try {
    if (localStorage.getItem('graphiql:visiblePlugin') === null) localStorage.setItem('graphiql:visiblePlugin', PLUGIN_TITLE);
  } catch {
    // Storage disabled: GraphiQL runs without it, the panel is one click away.
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(h(Explorer));
})();
