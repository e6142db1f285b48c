// The stand-in realm as the API sees it, through an administrator's scripted session (the same
// ingress, sign-in and endpoints the panel uses). Checks use it to set up the state they need
// before they act, and to read the server's truth after, so that each check stands alone and
// passes in any order.
import { readFileSync } from 'node:fs';
import { OidcClient } from './oidc-client.mjs';

const seedFile = new URL('../../devstack/seed/users.json', import.meta.url);

const seedJson = JSON.parse(readFileSync(seedFile, 'utf8'));
/** The demo realm as seeded (devstack/seed/users.json). */
export const seed = seedJson.users;
/** The shared workspaces as seeded; members by email, or a raw id. */
export const seedWorkspaces = seedJson.workspaces;

export class Realm {
  /** Signs in as `username` (the built-in admin by default) through the IdP's form. */
  static async connect({ origin, basePath = '/', username = 'admin', password = 'admin' }) {
    // The API and the IdP may be on origins of their own (devstack/stack.sh ORIGINS=three).
    const api = process.env.API_ORIGIN ?? origin;
    const idp = process.env.IDP_ORIGIN ?? origin;
    const realm = new Realm(api, new OidcClient({
      issuer: `${idp}/auth/realms/master`, clientId: 'wallaroo-users-panel', redirectUri: `${origin}${basePath}`, origin,
    }));
    realm.panelOrigin = origin;
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

  /**
   * POST to the stand-in's internal port (loopback, never proxied; devstack/stack.sh puts it at
   * the ingress port + 12 unless INTERNAL_ORIGIN says otherwise).
   */
  async internal(path, body) {
    const port = Number(new URL(this.panelOrigin).port || 80) + 12;
    const base = process.env.INTERNAL_ORIGIN ?? `http://127.0.0.1:${port}`;
    const response = await fetch(`${base}/internal/${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`internal ${path} answered ${response.status}: ${await response.text()}`);
  }

  /** Every workspace, as workspaces/list {} answers. */
  async workspaces() {
    return (await this.call('workspaces/list', {})).workspaces;
  }

  async workspace(name) {
    return (await this.workspaces()).find((w) => w.name === name);
  }

  /** A workspace's members as a map of user id → 'OWNER' | 'COLLABORATOR'. */
  async members(name) {
    const w = await this.workspace(name);
    if (!w) throw new Error(`no workspace ${name}`);
    const { users } = await this.call('workspaces/list_users', { workspace_id: w.id });
    return new Map(users.map((m) => [m.user_id, m.user_type]));
  }

  /**
   * Puts the seeded workspaces' members back as the seed has them (the shared ones, and each
   * signed-in user's default workspace with them as its only owner). Workspaces created by a
   * check are left as they are.
   */
  async restoreWorkspaces() {
    const idOf = (member) => (member.includes('@') ? seed.find((u) => u.email === member).id : member);
    const wanted = seedWorkspaces.map((w) => [w.name, new Map([
      ...w.owners.map((m) => [idOf(m), 'OWNER']), ...(w.collaborators ?? []).map((m) => [idOf(m), 'COLLABORATOR']),
    ])]);
    for (const u of seed.filter((u) => u.email && u.lastLoginDaysAgo !== undefined)) {
      wanted.push([`${u.email} - Default Workspace`, new Map([[u.id, 'OWNER']])]);
    }
    const all = new Map((await this.workspaces()).map((w) => [w.name, w]));
    for (const [name, want] of wanted) {
      const w = all.get(name);
      if (!w) throw new Error(`seeded workspace ${name} is gone`);
      const { users } = await this.call('workspaces/list_users', { workspace_id: w.id });
      const now = new Map(users.map((m) => [m.user_id, m.user_type]));
      for (const [id, role] of want) {
        if (now.get(id) === role) continue;
        if (seed.some((u) => u.id === id)) {
          await this.call('workspaces/add_user', { workspace_id: w.id, user_id: id, user_type: role.toLowerCase() });
        } else {
          // A member who matches no user: the API refuses to add one, so the stand-in's
          // internal (loopback) port puts it back, as a user deleted in Keycloak leaves it.
          await this.internal('workspaces/members', { workspace_id: w.id, user_id: id, user_type: role });
        }
      }
      for (const id of now.keys()) {
        if (!want.has(id)) await this.call('workspaces/remove_user', { workspace_id: w.id, user_id: id });
      }
    }
  }
}
