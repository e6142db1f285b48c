// Keycloak-like OpenID Connect provider for the stand-in Wallaroo: npm `oidc-provider` mounted at
// Keycloak's realm path, with Keycloak's endpoint paths, login form ids and token claims
// (see shared/dev-idp.md for why each setting is what it is).
//
// Users are not kept here: passwords and claims come from the stand-in API server's internal
// port, so the IdP and the users API share one source of truth.
//
//   node idp.mjs CONFIG.json
//
// CONFIG: { issuer, listen: {host, port}, accountsUrl, keyFile, cookieSecret, accessTokenTtl,
//           clientFile }  — clientFile: the panel's client as Keycloak's ClientRepresentation,
//           the very file an operator imports (deploy/keycloak/, filled in by stack.sh)
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { generateKeyPair, exportJWK, jwtVerify, importJWK, SignJWT } from 'jose';

const config = JSON.parse(readFileSync(process.argv[2] ?? 'idp.json', 'utf8'));
const issuer = new URL(config.issuer);
const prefix = issuer.pathname.replace(/\/$/, ''); // /auth/realms/master
const accessTokenTtl = config.accessTokenTtl ?? 60;

// --- the panel's client: Keycloak's representation, read as Keycloak would apply it -----------
// Refused at start when it is not what the panel needs, so the recipe and the tests cannot drift.
function clientFrom(representation) {
  const c = representation;
  const fail = (why) => { throw new Error(`${config.clientFile}: ${why}`); };
  if (!c.clientId) fail('no clientId');
  if (c.enabled === false) fail('the client is disabled');
  if (c.publicClient !== true) fail('the panel runs in a browser: publicClient must be true');
  if (c.standardFlowEnabled !== true) fail('standardFlowEnabled (authorization code) must be true');
  if (c.implicitFlowEnabled || c.directAccessGrantsEnabled || c.serviceAccountsEnabled) fail('only the standard flow may be enabled');
  if (c.attributes?.['pkce.code.challenge.method'] !== 'S256') fail('pkce.code.challenge.method must be S256');
  if (!Array.isArray(c.redirectUris) || c.redirectUris.length === 0 || c.redirectUris.some((u) => u.includes('*'))) {
    fail('redirectUris must list the panel\'s exact URL (no wildcards)');
  }
  const postLogout = (c.attributes?.['post.logout.redirect.uris'] ?? '').split('##').filter(Boolean);
  return {
    client: {
      client_id: c.clientId, redirect_uris: c.redirectUris, post_logout_redirect_uris: postLogout,
      token_endpoint_auth_method: 'none', application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    },
    // Keycloak's "Web origins": the browser origins allowed to call the token, userinfo and
    // logout endpoints ("+" means the redirect URIs' origins).
    webOrigins: (c.webOrigins ?? []).flatMap((o) => (o === '+' ? c.redirectUris.map((u) => new URL(u).origin) : [o])),
  };
}
const panelClient = clientFrom(JSON.parse(readFileSync(config.clientFile, 'utf8')));
const allowedOrigin = (origin) => panelClient.webOrigins.includes(origin);

// --- signing key: generated once, kept in a git-ignored file so tokens survive restarts --------
async function signingKey(file) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

// --- accounts, from the API server's internal port ----------------------------------------------
async function accountsCall(path, body) {
  const response = await fetch(new URL(path, config.accountsUrl), body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  return { status: response.status, json };
}

async function loadClaims(sub) {
  const { status, json } = await accountsCall(`/internal/accounts/${encodeURIComponent(sub)}`);
  return status === 200 ? json : undefined;
}

// Claims that go into tokens; `enabled` and `required_actions` are the API's bookkeeping only.
function tokenClaims(claims) {
  const { enabled, required_actions, sub, ...rest } = claims;
  return rest;
}

const html = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${html(title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;background:#f0f2f5;margin:0;color:#1b1f24}
main{max-width:24rem;margin:10vh auto;background:#fff;padding:2rem;border-radius:6px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0}label{display:block;margin-top:1rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;margin-top:.25rem}
button,input[type=submit]{margin-top:1.5rem;width:100%;padding:.6rem;background:#0b5cad;color:#fff;border:0;border-radius:4px;font:inherit;cursor:pointer}
#input-error,.kc-feedback-text{color:#b42318;display:block;margin-top:1rem}
</style></head><body><main><p>Wallaroo · realm master (stand-in)</p>${body}</main></body></html>`;
}

function loginForm(action, { username = '', error } = {}) {
  return page('Sign in to Wallaroo', `<h1 id="kc-page-title">Sign in to your account</h1>
<form id="kc-form-login" method="post" action="${html(action)}">
<label for="username">Username or email</label><input id="username" name="username" value="${html(username)}" autocomplete="username" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
${error ? `<span id="input-error" aria-live="polite">${html(error)}</span>` : ''}
<input type="submit" id="kc-login" name="login" value="Sign In"></form>`);
}

function updatePasswordForm(action, error) {
  return page('Update password', `<h1 id="kc-page-title">Update password</h1>
<p>You need to change your password to activate your account.</p>
<form id="kc-passwd-update-form" method="post" action="${html(action)}">
<input type="hidden" name="action" value="update-password">
<label for="password-new">New password</label><input id="password-new" name="password-new" type="password" autocomplete="new-password" autofocus>
<label for="password-confirm">Confirm password</label><input id="password-confirm" name="password-confirm" type="password" autocomplete="new-password">
${error ? `<span id="input-error" aria-live="polite">${html(error)}</span>` : ''}
<input type="submit" id="kc-submit" value="Submit"></form>`);
}

const jwk = await signingKey(config.keyFile);
const resource = 'urn:wallaroo:mlops-api';

const provider = new Provider(issuer.href.replace(/\/$/, ''), {
  clients: [panelClient.client],
  jwks: { keys: [jwk] },
  cookies: { keys: [config.cookieSecret], names: { session: '_kc_session', interaction: '_kc_interaction', resume: '_kc_resume' } },
  routes: {
    authorization: '/protocol/openid-connect/auth',
    token: '/protocol/openid-connect/token',
    userinfo: '/protocol/openid-connect/userinfo',
    jwks: '/protocol/openid-connect/certs',
    end_session: '/protocol/openid-connect/logout',
    revocation: '/protocol/openid-connect/revoke',
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource },
    revocation: { enabled: true },
    // JWT access tokens, as Keycloak issues, need a resource server (the main trap in dev-idp.md).
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile email', audience: resource, accessTokenTTL: accessTokenTtl,
        accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  claims: {
    // Keycloak releases profile and email claims even for scope=openid.
    openid: ['sub', 'preferred_username', 'email', 'email_verified', 'name', 'given_name', 'family_name'],
    profile: ['preferred_username', 'name', 'given_name', 'family_name'],
    email: ['email', 'email_verified'],
  },
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const claims = await loadClaims(sub);
    if (!claims || claims.enabled === false) return undefined;
    return { accountId: sub, claims: () => ({ sub, ...tokenClaims(claims) }) };
  },
  async extraTokenClaims(ctx, token) {
    if (token.kind !== 'AccessToken') return undefined;
    const claims = await loadClaims(token.accountId);
    if (!claims) return undefined;
    // `sid` lets the API record a last login once per IdP session, as Keycloak's tokens carry it.
    return { ...tokenClaims(claims), sid: token.sessionUid };
  },
  formats: {
    customizers: {
      jwt(ctx, token, jwt) {
        jwt.header = { typ: 'JWT' };
        jwt.payload.aud = ['master-realm', 'account'];
        jwt.payload.azp = token.clientId;
        jwt.payload.typ = 'Bearer';
      },
    },
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  // Keycloak's default ("Revoke Refresh Token" off) accepts a refresh token again, so two tabs
  // refreshing at once both work; oidc-provider's rotation would revoke the whole login.
  rotateRefreshToken: false,
  ttl: {
    AccessToken: accessTokenTtl,
    IdToken: 3600,
    AuthorizationCode: 60,
    Interaction: 1800,
    Session: 36000,
    Grant: 36000,
    RefreshToken: config.refreshTokenTtl ?? 36000,
  },
  clientBasedCORS(ctx, origin) {
    return allowedOrigin(origin);
  },
  interactions: { url: (ctx, interaction) => `${prefix}/login-actions/${interaction.uid}` },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<h1>We are sorry…</h1><p class="kc-feedback-text">${html(out.error_description ?? out.error)}</p>`);
  },
});
provider.proxy = true; // behind nginx: trust X-Forwarded-Proto/Host for the URLs it builds

// refresh_expires_in, as Keycloak's token answers carry it.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.oidc?.route === 'token' && ctx.status === 200 && ctx.body?.refresh_token) {
    const rt = ctx.oidc.entities.RefreshToken;
    if (rt?.exp) ctx.body.refresh_expires_in = Math.max(0, rt.exp - Math.floor(Date.now() / 1000));
  }
});

// The logout confirmation page submits itself; `logout=yes` ends the IdP session too.
async function logoutSource(ctx, form) {
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Signing out</title></head><body>
${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
<script>document.forms[0].submit()</script><noscript>Press the button to sign out.</noscript></body></html>`;
}

// --- the login interaction ----------------------------------------------------------------------
const pendingPasswordUpdate = new Map(); // interaction uid -> account id, for UPDATE_PASSWORD

async function readForm(req) {
  const chunks = []; let size = 0;
  for await (const chunk of req) { size += chunk.length; if (size > 64 * 1024) throw new Error('form too large'); chunks.push(chunk); }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

async function finishConsent(req, res, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function loginActions(req, res) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return send(res, 400, page('Error', '<h1>We are sorry…</h1><p class="kc-feedback-text">Your login attempt timed out. Login will start from the beginning.</p>'));
  }
  const action = req.originalUrl;
  if (details.prompt.name === 'consent') return finishConsent(req, res, details);
  if (req.method === 'GET') return send(res, 200, loginForm(action));
  const form = await readForm(req);

  if (form.action === 'update-password') {
    const sub = pendingPasswordUpdate.get(details.uid);
    if (!sub) return send(res, 200, loginForm(action, { error: 'Please sign in again.' }));
    if ((form['password-new'] ?? '') !== (form['password-confirm'] ?? '')) return send(res, 200, updatePasswordForm(action, 'Passwords don\'t match.'));
    const { status, json } = await accountsCall('/internal/password', { sub, password: form['password-new'] ?? '' });
    if (status !== 200) return send(res, 200, updatePasswordForm(action, json.msg ?? 'The password was refused.'));
    pendingPasswordUpdate.delete(details.uid);
    return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  }

  const { status, json } = await accountsCall('/internal/login', { username: form.username ?? '', password: form.password ?? '' });
  if (status !== 200) {
    const error = status === 401 || status === 403 ? json.msg : 'The sign-in service is unavailable; try again.';
    return send(res, 200, loginForm(action, { username: form.username, error }));
  }
  if ((json.required_actions ?? []).includes('UPDATE_PASSWORD')) {
    pendingPasswordUpdate.set(details.uid, json.sub);
    setTimeout(() => pendingPasswordUpdate.delete(details.uid), 30 * 60_000).unref();
    return send(res, 200, updatePasswordForm(action));
  }
  return provider.interactionFinished(req, res, { login: { accountId: json.sub } }, { mergeWithLastSubmission: false });
}

// --- userinfo: oidc-provider refuses its own resource-bound JWTs there; Keycloak accepts them --
async function userinfo(req, res) {
  const origin = req.headers.origin;
  const cors = origin && allowedOrigin(origin)
    ? { 'access-control-allow-origin': origin, 'access-control-allow-headers': 'authorization', vary: 'origin' } : {};
  if (req.method === 'OPTIONS') { res.writeHead(204, cors); return res.end(); }
  const token = (req.headers.authorization ?? '').replace(/^Bearer /i, '');
  try {
    
    const { kty, n, e, kid, alg } = jwk;
    const { payload } = await jwtVerify(token, await importJWK({ kty, n, e, kid, alg }, 'RS256'), { issuer: provider.issuer });
    const claims = await loadClaims(payload.sub);
    if (!claims) throw new Error('no account');
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    res.end(JSON.stringify({ sub: payload.sub, ...tokenClaims(claims) }));
  } catch {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"', ...cors });
    res.end(JSON.stringify({ error: 'invalid_token', error_description: 'Token verification failed' }));
  }
}

// --- Keycloak's refresh tokens and token answers -----------------------------------------------
// oidc-provider's refresh tokens are opaque; Keycloak's are JWTs (HS512, `typ: Refresh`, with
// `exp`, `sid`, `azp`), and its token answers carry `refresh_expires_in`, `session_state`,
// `not-before-policy` and `scope`. Clients built for Keycloak read them (keycloak-js decodes the
// refresh token), so the token endpoint answers in Keycloak's form: each opaque refresh token
// goes out wrapped in a signed JWT whose `jti` maps back to it when it is used.
const refreshKey = new TextEncoder().encode(`${config.cookieSecret}:refresh`);
const wrapped = new Map(); // jti → the opaque refresh token it stands for

async function keycloakRefreshToken(opaque) {
  const token = await provider.RefreshToken.find(opaque);
  if (!token) return null;
  const jti = randomUUID();
  wrapped.set(jti, opaque);
  const jwt = await new SignJWT({ typ: 'Refresh', azp: token.clientId, sid: token.sessionUid, scope: token.scope })
    .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
    .setIssuer(provider.issuer).setAudience(provider.issuer).setSubject(token.accountId)
    .setJti(jti).setIssuedAt().setExpirationTime(token.exp)
    .sign(refreshKey);
  return { jwt, expiresIn: Math.max(0, token.exp - Math.floor(Date.now() / 1000)), sid: token.sessionUid, scope: token.scope };
}

/** The opaque token a Keycloak-form refresh token stands for, or null (tampered, expired, unknown). */
async function unwrapRefreshToken(jwt) {
  try {
    const { payload } = await jwtVerify(jwt, refreshKey, { issuer: provider.issuer, audience: provider.issuer });
    return payload.typ === 'Refresh' ? wrapped.get(payload.jti) ?? null : null;
  } catch {
    return null;
  }
}

async function tokenEndpoint(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const params = new URLSearchParams(Buffer.concat(chunks).toString());
  if (params.get('grant_type') === 'refresh_token') {
    // Unknown or tampered: an invalid value, which the provider refuses as invalid_grant.
    params.set('refresh_token', (await unwrapRefreshToken(params.get('refresh_token') ?? '')) ?? 'invalid');
  }
  req.body = Object.fromEntries(params); // oidc-provider takes a parsed body as it is
  // The provider's answer, rewritten in Keycloak's form before it is sent.
  const out = [];
  const end = res.end.bind(res);
  res.write = (chunk) => { out.push(Buffer.from(chunk)); return true; };
  res.end = (chunk) => {
    if (chunk) out.push(Buffer.from(chunk));
    (async () => {
      let body = Buffer.concat(out).toString();
      try {
        const answer = JSON.parse(body);
        if (answer.refresh_token) {
          const kc = await keycloakRefreshToken(answer.refresh_token);
          if (kc) {
            Object.assign(answer, { refresh_token: kc.jwt, refresh_expires_in: kc.expiresIn, session_state: kc.sid, 'not-before-policy': 0 });
            answer.scope ??= kc.scope;
          }
          body = JSON.stringify(answer);
        }
      } catch { /* not JSON: sent as it is */ }
      if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(body));
      end(body);
    })();
    return res;
  };
  return callback(req, res);
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith(`${prefix}/`) && url.pathname !== prefix) { res.writeHead(404); return res.end('not found'); }
  req.originalUrl = req.url;
  try {
    if (url.pathname.startsWith(`${prefix}/login-actions/`)) return await loginActions(req, res);
    if (url.pathname === `${prefix}/protocol/openid-connect/userinfo`) return await userinfo(req, res);
    req.url = req.url.slice(prefix.length) || '/';
    if (req.method === 'POST' && url.pathname === `${prefix}/protocol/openid-connect/token`) return await tokenEndpoint(req, res);
    return callback(req, res);
  } catch (error) {
    console.error('idp: request failed:', error?.message ?? error);
    if (!res.headersSent) send(res, 500, page('Error', '<h1>We are sorry…</h1><p class="kc-feedback-text">Unexpected error when handling the request.</p>'));
  }
});
const { host = '127.0.0.1', port } = config.listen;
server.listen(port, host, () => console.log(`idp: ${provider.issuer} listening on ${host}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
