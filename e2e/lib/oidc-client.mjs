// A scripted OIDC authorization-code + PKCE client over plain HTTP, for tests of the stand-in
// stack without a browser: follows redirects by hand, keeps cookies, fills the IdP's login form
// by its Keycloak element ids, and exchanges the code for tokens.
import { createHash, randomBytes } from 'node:crypto';

export const b64url = (buf) => Buffer.from(buf).toString('base64url');

export function pkcePair() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

export function decodeJwt(token) {
  const [header, payload] = token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  return { header, payload };
}

class CookieJar {
  constructor() { this.cookies = new Map(); }
  store(response) {
    for (const line of response.headers.getSetCookie?.() ?? []) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim(); const value = pair.slice(i + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

export class OidcClient {
  constructor({ issuer, clientId, redirectUri, origin }) {
    Object.assign(this, { issuer, clientId, redirectUri, origin });
    this.jar = new CookieJar();
  }

  async discover() {
    const response = await fetch(`${this.issuer}/.well-known/openid-configuration`);
    if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
    this.discovery = await response.json();
    return this.discovery;
  }

  async request(url, init = {}) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: this.jar.header() } });
    this.jar.store(response);
    return response;
  }

  /** Follows 3xx answers until one leaves the IdP (to the redirect URI) or a page is shown. */
  async follow(response) {
    for (let i = 0; i < 10 && response.status >= 300 && response.status < 400; i += 1) {
      const location = new URL(response.headers.get('location'), response.url || this.issuer);
      // Back at the client: the redirect URI itself, with only a query added.
      if (`${location.origin}${location.pathname}` === this.redirectUri) return { redirect: location };
      response = await this.request(location.href);
    }
    return { page: await response.text(), response };
  }

  authorizeUrl(extra = {}) {
    const pkce = pkcePair();
    const state = b64url(randomBytes(16)); const nonce = b64url(randomBytes(16));
    const params = new URLSearchParams({
      client_id: this.clientId, redirect_uri: this.redirectUri, response_type: 'code', scope: 'openid',
      code_challenge: pkce.challenge, code_challenge_method: 'S256', state, nonce, ...extra,
    });
    return { url: `${this.discovery.authorization_endpoint}?${params}`, pkce, state, nonce };
  }

  /** Starts an authorization and returns the login page's HTML and form action. */
  async startLogin(extra) {
    const auth = this.authorizeUrl(extra);
    const result = await this.follow(await this.request(auth.url));
    if (result.redirect) return { ...auth, redirect: result.redirect };
    const action = /<form id="kc-form-login"[^>]*action="([^"]+)"/.exec(result.page)?.[1]?.replace(/&amp;/g, '&');
    return { ...auth, page: result.page, action: action && new URL(action, this.issuer).href };
  }

  async submitForm(action, fields) {
    const response = await this.request(action, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
    });
    return this.follow(response);
  }

  async exchange(code, verifier) {
    const response = await fetch(this.discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri, client_id: this.clientId, code_verifier: verifier }),
    });
    return { status: response.status, body: await response.json() };
  }

  async refresh(refreshToken) {
    const response = await fetch(this.discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId }),
    });
    return { status: response.status, body: await response.json() };
  }

  /** The whole flow for one user; returns the token answer. */
  async login(username, password) {
    const start = await this.startLogin();
    if (!start.action) throw new Error(`no login form: ${start.page?.slice(0, 200)}`);
    const result = await this.submitForm(start.action, { username, password });
    if (!result.redirect) throw new Error(`login did not redirect back: ${result.page?.slice(0, 300)}`);
    if (result.redirect.searchParams.get('state') !== start.state) throw new Error('state mismatch');
    const { status, body } = await this.exchange(result.redirect.searchParams.get('code'), start.pkce.verifier);
    if (status !== 200) throw new Error(`token exchange answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }
}
