// The stand-in realm as the API sees it, through an administrator's scripted session (the same
// ingress, sign-in and endpoints the panel uses). Checks use it to set up the state they need
// before they act, and to read the server's truth after, so that each check stands alone and
// passes in any order.
import { readFileSync } from 'node:fs';
import { OidcClient } from './oidc-client.mjs';

const seedFile = new URL('../../devstack/seed/users.json', import.meta.url);

/** The demo realm as seeded (devstack/seed/users.json). */
export const seed = JSON.parse(readFileSync(seedFile, 'utf8')).users;

export class Realm {
  /** Signs in as `username` (the built-in admin by default) through the IdP's form. */
  static async connect({ origin, basePath = '/', username = 'admin', password = 'admin' }) {
    // The API and the IdP may be on origins of their own (devstack/stack.sh ORIGINS=three).
    const api = process.env.API_ORIGIN ?? origin;
    const idp = process.env.IDP_ORIGIN ?? origin;
    const realm = new Realm(api, new OidcClient({
      issuer: `${idp}/auth/realms/master`, clientId: 'wallaroo-users-panel', redirectUri: `${origin}${basePath}`, origin,
    }));
    await realm.client.discover();
    realm.credentials = [username, password];
    await realm.signIn();
    return realm;
  }

  constructor(origin, client) {
    this.origin = origin;
    this.client = client;
  }

  async signIn() {
    this.remember(await this.client.login(...this.credentials));
  }

  remember(tokens) {
    this.tokens = tokens;
    this.expiresAt = Date.now() + tokens.expires_in * 1000;
  }

  /** A live access token: the test stacks issue 15-second ones, so it is refreshed as needed. */
  async token() {
    if (Date.now() > this.expiresAt - 3_000) {
      const { status, body } = await this.client.refresh(this.tokens.refresh_token);
      if (status === 200) this.remember(body); else await this.signIn();
    }
    return this.tokens.access_token;
  }

  /** POST /v1/api/{path}; throws on anything but 200, with the server's answer. */
  async call(path, body) {
    const response = await fetch(`${this.origin}/v1/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}` },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Every user, as users/query {} answers. */
  async users() {
    return Object.values((await this.call('users/query', {})).users);
  }

  async byEmail(email) {
    return (await this.users()).find((u) => u.email === email);
  }

  /** What the panel's counts must say: all users and the active ones (licence seats). */
  async counts() {
    const users = await this.users();
    return { all: users.length, active: users.filter((u) => u.enabled).length };
  }

  async setEnabled(email, enabled) {
    await this.call(enabled ? 'users/activate' : 'users/deactivate', { email });
  }

  /**
   * Puts the seeded users (all but the built-in admin) back as the seed has them: names, email,
   * type, active or not. Users added since (invited by a check) are left as they are.
   */
  async restoreSeed() {
    const now = new Map((await this.users()).map((u) => [u.id, u]));
    for (const want of seed.filter((u) => u.username !== 'admin')) {
      const user = now.get(want.id);
      if (!user) throw new Error(`seeded user ${want.username} is gone`);
      const enabled = want.enabled ?? true;
      const isAdmin = want.profile === 'admin';
      const same = user.email === want.email && (user.firstName ?? '') === (want.firstName ?? '')
        && (user.lastName ?? '') === (want.lastName ?? '') && (user.realmRoles ?? []).includes('admin') === isAdmin;
      if (!same) {
        await this.call('user', { id: want.id, firstName: want.firstName ?? '', lastName: want.lastName ?? '', email: want.email, enabled, isAdmin });
      } else if (user.enabled !== enabled) {
        await this.setEnabled(want.email, enabled);
      }
    }
  }
}
