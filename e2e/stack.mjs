// The stand-in stack end to end over real HTTP, through nginx: a scripted login through the
// IdP's form with PKCE, whose token the users API accepts for list, invite, deactivate and
// activate; the IdP's refusals; the ingress's headers.
//   ORIGIN=http://127.0.0.1:8080 BASE_PATH=/ node e2e/stack.mjs
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run, assert } from './lib/browser.mjs';
import { OidcClient, decodeJwt } from './lib/oidc-client.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const basePath = process.env.BASE_PATH ?? '/';
// The API and the IdP may be on origins of their own (devstack/stack.sh ORIGINS=three).
const apiOrigin = process.env.API_ORIGIN ?? origin;
const idpOrigin = process.env.IDP_ORIGIN ?? origin;
const issuer = `${idpOrigin}/auth/realms/master`;
const client = () => new OidcClient({ issuer, clientId: 'wallaroo-users-panel', redirectUri: `${origin}${basePath}`, origin });

async function api(path, token, body) {
  const response = await fetch(`${apiOrigin}/v1/api/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A fresh sign-in as the built-in admin: each check gets its own tokens, so it runs alone. */
async function adminLogin() {
  const c = client(); await c.discover();
  return c.login('admin', 'admin');
}

await run('stack', [
  ['the ingress serves the panel with a strict CSP and its config.json names the issuer in use', async () => {
    const page = await fetch(`${origin}${basePath}`);
    assert(page.status === 200, `panel ${page.status}`);
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const part of ["script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      assert(csp.includes(part), `CSP has ${part}: ${csp}`);
    }
    assert(!csp.includes('unsafe-inline'), csp);
    assert(page.headers.get('x-content-type-options') === 'nosniff', 'nosniff');
    const config = await (await fetch(`${origin}${basePath}config.json`)).json();
    assert(config.issuer === issuer && config.clientId === 'wallaroo-users-panel' && config.redirectPath === basePath, JSON.stringify(config));
    const wasm = (await page.text()).match(/href="\.\/([^"]+_bg\.wasm)"/)?.[1];
    assert(wasm, 'index.html preloads the wasm');
    const wasmResponse = await fetch(`${origin}${basePath}${wasm}`);
    assert(wasmResponse.headers.get('content-type') === 'application/wasm', `wasm type ${wasmResponse.headers.get('content-type')}`);
    // The build's precompressed copies are what is sent: brotli when asked for, the same bytes.
    const plain = Buffer.from(await (await fetch(`${origin}${basePath}${wasm}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    for (const [asked, sent] of [['br, gzip', 'br'], ['gzip', 'gzip']]) {
      const response = await fetch(`${origin}${basePath}${wasm}`, { headers: { 'accept-encoding': asked } });
      const length = Number(response.headers.get('content-length'));
      assert(response.headers.get('content-encoding') === sent, `${asked}: sent ${response.headers.get('content-encoding')}`);
      assert(length > 0 && length < plain.length * 0.45, `${sent}: ${length} of ${plain.length} bytes`);
      assert(Buffer.from(await response.arrayBuffer()).equals(plain), `${sent}: decodes to the same wasm`);
      assert((response.headers.get('content-security-policy') ?? '').includes("script-src 'self'"), `${sent}: CSP on the compressed answer`);
    }
  }],
  ['hashed assets are cached a year as immutable; index.html and config.json are revalidated on every load', async () => {
    const html = await (await fetch(`${origin}${basePath}`)).text();
    const assets = [...html.matchAll(/(?:href|src)="\.\/([^"]+-[0-9a-f]{4,16}(?:_bg)?\.(?:wasm|js|css))"/g)].map((m) => m[1]);
    assert(assets.some((a) => a.endsWith('.wasm')) && assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `index.html names hashed wasm, js and css: ${assets}`);
    for (const asset of assets) {
      for (const encoding of ['br', 'identity']) {
        const response = await fetch(`${origin}${basePath}${asset}`, { headers: { 'accept-encoding': encoding } });
        assert(response.status === 200, `${asset} (${encoding}): ${response.status}`);
        const cache = response.headers.get('cache-control');
        assert(cache === 'public, max-age=31536000, immutable', `${asset} (${encoding}): Cache-Control ${cache}`);
        assert((response.headers.get('content-security-policy') ?? '').includes("script-src 'self'"), `${asset}: the CSP is still sent`);
        await response.arrayBuffer();
      }
    }
    for (const path of ['', 'index.html', 'config.json']) {
      const response = await fetch(`${origin}${basePath}${path}`);
      assert(response.headers.get('cache-control') === 'no-cache', `${path || '/'}: Cache-Control ${response.headers.get('cache-control')}`);
      assert(response.headers.get('etag'), `${path || '/'}: an ETag to revalidate with`);
      await response.arrayBuffer();
    }
  }],
  ['the IdP\'s client is the Keycloak recipe file: redirects outside it are refused, and a client the panel cannot use stops the IdP', async () => {
    const recipe = JSON.parse(readFileSync(new URL('../deploy/keycloak/wallaroo-users-panel.client.json', import.meta.url), 'utf8'));
    assert(recipe.publicClient === true && recipe.standardFlowEnabled === true && !recipe.implicitFlowEnabled
      && !recipe.directAccessGrantsEnabled && !recipe.serviceAccountsEnabled, 'public, standard flow only');
    assert(recipe.attributes['pkce.code.challenge.method'] === 'S256', 'PKCE S256 required');
    assert(JSON.stringify(recipe.redirectUris) === '["{{PANEL_URL}}"]' && JSON.stringify(recipe.webOrigins) === '["{{PANEL_ORIGIN}}"]', 'exact redirect URI and web origin, filled in per install');
    // A redirect URI the file does not list: the IdP answers with an error page, never a redirect.
    const c = client(); await c.discover();
    const elsewhere = new OidcClient({ issuer, clientId: recipe.clientId, redirectUri: `${origin}${basePath}elsewhere/`, origin });
    elsewhere.discovery = c.discovery;
    const start = await elsewhere.startLogin();
    assert(!start.redirect && !start.action, `an unlisted redirect URI is refused: ${start.redirect ?? start.page?.slice(0, 120)}`);
    // The stand-in IdP refuses to start on a client the panel could not work with.
    const dir = mkdtempSync(join(tmpdir(), 'idp-'));
    try {
      writeFileSync(join(dir, 'client.json'), JSON.stringify({ ...recipe, publicClient: false, redirectUris: [`${origin}/`] }));
      writeFileSync(join(dir, 'idp.json'), JSON.stringify({ issuer, listen: { host: '127.0.0.1', port: 9 }, accountsUrl: 'http://127.0.0.1:9', keyFile: join(dir, 'key.json'), cookieSecret: 'x'.repeat(32), clientFile: join(dir, 'client.json') }));
      const idp = spawnSync('node', [fileURLToPath(new URL('../devstack/idp/idp.mjs', import.meta.url)), join(dir, 'idp.json')], { encoding: 'utf8', timeout: 20_000 });
      assert(idp.status !== 0 && /publicClient must be true/.test(idp.stderr), `exit ${idp.status}: ${idp.stderr.slice(0, 300)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }],
  ['on origins of their own, the API and the IdP answer CORS for the panel\'s origin only: no wildcard, no credentials', async () => {
    if (apiOrigin === origin) return; // one origin: no CORS at all (checked in the other mode)
    const preflight = (url, from, method = 'POST', headers = 'authorization,content-type') => fetch(url, {
      method: 'OPTIONS', headers: { origin: from, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });
    const api = await preflight(`${apiOrigin}/v1/api/users/query`, origin);
    assert(api.headers.get('access-control-allow-origin') === origin, `API allows the panel: ${api.headers.get('access-control-allow-origin')}`);
    assert(/authorization/i.test(api.headers.get('access-control-allow-headers') ?? '') && /POST/.test(api.headers.get('access-control-allow-methods') ?? ''), 'POST with Authorization');
    assert(!api.headers.get('access-control-allow-credentials'), 'no credentials');
    const foreign = await preflight(`${apiOrigin}/v1/api/users/query`, 'http://evil.example.com');
    assert(!foreign.headers.get('access-control-allow-origin'), `API refuses another origin: ${foreign.headers.get('access-control-allow-origin')}`);
    const answer = await fetch(`${apiOrigin}/v1/api/users/query`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    assert(answer.status === 401 && answer.headers.get('access-control-allow-origin') === origin, 'the answer itself carries the header (a 401 is readable by the panel)');
    // The IdP (as Keycloak) checks the client's Web origins on the request itself: the client
    // is named in the body, which a preflight does not carry.
    const tokenRequest = (from) => fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST', headers: { origin: from, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-token', client_id: 'wallaroo-users-panel' }),
    });
    const token = await tokenRequest(origin);
    assert(token.headers.get('access-control-allow-origin') === origin, `IdP token endpoint answers the panel: ${token.headers.get('access-control-allow-origin')}`);
    const tokenForeign = await tokenRequest('http://evil.example.com');
    assert(!tokenForeign.headers.get('access-control-allow-origin'), `IdP does not answer another origin: ${tokenForeign.headers.get('access-control-allow-origin')}`);
    const csp = (await fetch(`${origin}${basePath}`)).headers.get('content-security-policy');
    assert(new RegExp(`connect-src 'self' ${apiOrigin} ${idpOrigin};`).test(csp), `the CSP names exactly the origins used: ${csp}`);
  }],
  ['discovery lists Keycloak paths under the public issuer', async () => {
    const d = await client().discover();
    assert(d.issuer === issuer, d.issuer);
    assert(d.authorization_endpoint === `${issuer}/protocol/openid-connect/auth`, d.authorization_endpoint);
    assert(d.token_endpoint === `${issuer}/protocol/openid-connect/token`, d.token_endpoint);
    assert(d.jwks_uri === `${issuer}/protocol/openid-connect/certs`, d.jwks_uri);
    assert(d.end_session_endpoint === `${issuer}/protocol/openid-connect/logout`, d.end_session_endpoint);
    assert(d.code_challenge_methods_supported.includes('S256'), 'S256');
  }],
  ['the login form has Keycloak ids and a wrong password is refused on the form', async () => {
    const c = client(); await c.discover();
    const start = await c.startLogin();
    for (const id of ['kc-form-login', 'username', 'password', 'kc-login']) assert(start.page.includes(`id="${id}"`), `form has #${id}`);
    const result = await c.submitForm(start.action, { username: 'admin', password: 'wrong' });
    assert(result.page?.includes('id="input-error"') && result.page.includes('Invalid username or password.'), 'error shown');
  }],
  ['PKCE is enforced: no challenge, plain, or a wrong verifier are refused', async () => {
    const c = client(); await c.discover();
    const noChallenge = await c.startLogin({ code_challenge: '', code_challenge_method: '' });
    assert(noChallenge.redirect?.searchParams.get('error') === 'invalid_request', `no challenge: ${noChallenge.redirect}`);
    const plain = await c.startLogin({ code_challenge_method: 'plain' });
    assert(plain.redirect?.searchParams.get('error') === 'invalid_request', `plain: ${plain.redirect}`);
    const start = await c.startLogin();
    const result = await c.submitForm(start.action, { username: 'admin', password: 'admin' });
    const wrong = await c.exchange(result.redirect.searchParams.get('code'), 'x'.repeat(43));
    assert(wrong.status === 400 && wrong.body.error === 'invalid_grant', JSON.stringify(wrong));
  }],
  ['admin signs in through the form; the token carries Keycloak-shaped claims', async () => {
    const adminTokens = await adminLogin();
    assert(adminTokens.refresh_token && adminTokens.id_token, 'refresh and id tokens issued');
    assert(adminTokens.expires_in > 0 && adminTokens.expires_in <= 60, `short-lived tokens (60 s at most): ${adminTokens.expires_in}`);
    const { header, payload } = decodeJwt(adminTokens.access_token);
    assert(header.alg === 'RS256' && header.typ === 'JWT' && header.kid, JSON.stringify(header));
    assert(payload.iss === issuer, payload.iss);
    assert(JSON.stringify(payload.aud) === '["master-realm","account"]', JSON.stringify(payload.aud));
    assert(payload.azp === 'wallaroo-users-panel' && payload.typ === 'Bearer', 'azp, typ');
    assert(payload.preferred_username === 'admin' && payload.email === undefined, 'the built-in admin has no email');
    assert(payload.realm_access.roles.includes('admin'), 'admin realm role');
    assert(payload.resource_access['master-realm'].roles.includes('manage-users'), 'manage-users');
    assert(payload['https://hasura.io/jwt/claims']['x-hasura-default-role'] === 'admin_user', 'hasura block');
    assert(typeof payload['https://hasura.io/jwt/claims']['x-hasura-user-groups'] === 'string', 'groups is a JSON string');
    assert(payload.sid, 'sid for last-login bookkeeping');
    const id = decodeJwt(adminTokens.id_token).payload;
    assert(id.nonce && id.preferred_username === 'admin', 'id token has nonce and profile claims');
    // The token answer and the refresh token in Keycloak's form (keycloak-js decodes the latter).
    for (const field of ['refresh_expires_in', 'session_state', 'not-before-policy', 'scope', 'token_type']) {
      assert(field in adminTokens, `the token answer has ${field}: ${Object.keys(adminTokens)}`);
    }
    const refresh = decodeJwt(adminTokens.refresh_token);
    assert(refresh.header.typ === 'JWT' && refresh.header.alg === 'HS512', `refresh token header: ${JSON.stringify(refresh.header)}`);
    assert(refresh.payload.typ === 'Refresh' && refresh.payload.azp === 'wallaroo-users-panel' && refresh.payload.iss === issuer, JSON.stringify(refresh.payload));
    assert(refresh.payload.sid && refresh.payload.sid === adminTokens.session_state, 'sid, equal to session_state');
    assert(refresh.payload.exp - refresh.payload.iat === adminTokens.refresh_expires_in, 'exp matches refresh_expires_in');
  }],
  ['that token lists, invites, deactivates and activates users through the ingress', async () => {
    const adminTokens = await adminLogin();
    const token = adminTokens.access_token;
    const list = await api('users/query', token, {});
    assert(list.status === 200 && Object.keys(list.body.users).length >= 14, `list ${list.status}`);
    const email = `e2e.${Date.now()}@example.com`;
    const invite = await api('users/invite', token, { email, roles: [] });
    assert(invite.status === 200 && invite.body.id && invite.body.password, JSON.stringify(invite));
    const off = await api('users/deactivate', token, { email });
    assert(off.status === 200 && JSON.stringify(off.body) === '{}', JSON.stringify(off));
    let user = (await api('users/query', token, { user_ids: [invite.body.id] })).body.users[invite.body.id];
    assert(user.enabled === false, 'deactivated');
    const on = await api('users/activate', token, { email });
    assert(on.status === 200, JSON.stringify(on));
    user = (await api('users/query', token, { user_ids: [invite.body.id] })).body.users[invite.body.id];
    assert(user.enabled === true, 'activated');
    // The admin's own last login was recorded from the token's session.
    const me = (await api('users/query', token, {})).body.users['7e2b9c11-0d3f-4e55-8a6b-1c2d3e4f5a6b'];
    assert(Date.now() - me.lastLogin < 60_000, `lastLogin ${me.lastLogin}`);
  }],
  ['an invited user with a generated password signs in after updating it', async () => {
    const adminTokens = await adminLogin();
    const email = `new.${Date.now()}@example.com`;
    const invite = await api('users/invite', adminTokens.access_token, { email });
    const c = client(); await c.discover();
    const start = await c.startLogin();
    const step = await c.submitForm(start.action, { username: email, password: invite.body.password });
    assert(step.page?.includes('id="password-new"'), 'asked to update the password');
    const action = new URL(/<form id="kc-passwd-update-form"[^>]*action="([^"]+)"/.exec(step.page)[1].replace(/&amp;/g, '&'), issuer).href;
    const mismatch = await c.submitForm(action, { action: 'update-password', 'password-new': 'Brand-New-Pass-1', 'password-confirm': 'other' });
    assert(mismatch.page?.includes("Passwords don&#39;t match") || mismatch.page?.includes("Passwords don't match"), 'mismatch refused');
    const done = await c.submitForm(action, { action: 'update-password', 'password-new': 'Brand-New-Pass-1', 'password-confirm': 'Brand-New-Pass-1' });
    assert(done.redirect?.searchParams.get('code'), `signed in after the update: ${done.page?.slice(0, 200)}`);
    const again = client(); await again.discover();
    const tokens = await again.login(email, 'Brand-New-Pass-1');
    assert(tokens.access_token, 'the new password works');
    const users = (await api('users/query', adminTokens.access_token, {})).body.users;
    assert(JSON.stringify(users[invite.body.id].requiredActions) === '[]', 'UPDATE_PASSWORD cleared');
  }],
  ['viewer@example.com reads but may not change users', async () => {
    const c = client(); await c.discover();
    const tokens = await c.login('viewer@example.com', 'viewer');
    const list = await api('users/query', tokens.access_token, {});
    assert(list.status === 200, `viewer lists: ${list.status}`);
    assert(Object.values(list.body.users).every((u) => u.access.manage === false), 'access.manage false for the viewer');
    const invite = await api('users/invite', tokens.access_token, { email: 'nope@example.com', roles: [] });
    assert(invite.status === 403 && invite.body.code === 403 && /manage-users/.test(invite.body.msg), JSON.stringify(invite));
  }],
  ['a deactivated user cannot sign in', async () => {
    const adminTokens = await adminLogin();
    // Deactivated here, so the check does not depend on what earlier tests did to the realm.
    const off = await api('users/deactivate', adminTokens.access_token, { email: 'priya.sharma@example.com' });
    assert(off.status === 200, JSON.stringify(off));
    const c = client(); await c.discover();
    const start = await c.startLogin();
    const result = await c.submitForm(start.action, { username: 'priya.sharma@example.com', password: 'priya-demo' });
    assert(result.page?.includes('Account is disabled'), 'disabled message');
  }],
  ['refresh gives a new access token; a token from a foreign origin is refused', async () => {
    const adminTokens = await adminLogin();
    const c = client(); await c.discover();
    const refreshed = await c.refresh(adminTokens.refresh_token);
    assert(refreshed.status === 200 && refreshed.body.access_token !== adminTokens.access_token, JSON.stringify(refreshed.body).slice(0, 200));
    assert(refreshed.body.refresh_expires_in > 0, 'refresh_expires_in');
    const again = await c.refresh(adminTokens.refresh_token);
    assert(again.status === 200, 'a refresh token can be used again, as with Keycloak\'s default');
    assert(decodeJwt(refreshed.body.refresh_token).payload.typ === 'Refresh', 'a refresh answers a Keycloak-form refresh token too');
    const [h, p] = adminTokens.refresh_token.split('.');
    const forged = await c.refresh(`${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`);
    assert(forged.status === 400 && forged.body.error === 'invalid_grant', `a forged refresh token is refused: ${JSON.stringify(forged.body)}`);
    const foreign = await fetch(c.discovery.token_endpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example.com' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: adminTokens.refresh_token, client_id: 'wallaroo-users-panel' }),
    });
    assert(foreign.status === 400, `foreign origin: ${foreign.status}`);
  }],
  ['the API refuses a missing token and a tampered one with 401 {msg, code}', async () => {
    const adminTokens = await adminLogin();
    const none = await api('users/query', null, {});
    assert(none.status === 401 && none.body.code === 401 && none.body.msg, JSON.stringify(none));
    const [h, p, s] = adminTokens.access_token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url')); payload.resource_access['master-realm'].roles.push('x');
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const bad = await api('users/query', tampered, {});
    assert(bad.status === 401 && /signature/.test(bad.body.msg), JSON.stringify(bad));
  }],
]);
