import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createAgent, createOrganization, organizationAdmin, registerH5User } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const REGISTER = '/api/v1/h5/auth/register';
const LOGIN = '/api/v1/h5/auth/login';
const REFRESH = '/api/v1/h5/auth/refresh';
const ME = '/api/v1/h5/auth/me';
const USERS = '/api/v1/h5/users';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const signJwt = (payload: Record<string, unknown>, secret: string) => new JwtService().sign(payload, { secret, algorithm: 'HS256' });
const now = () => Math.floor(Date.now() / 1000);

describe('H5 users /api/v1/h5', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('POST /h5/auth/register', () => {
    it('creates the user and answers 201 with a signed-in token pair', async () => {
      const org = await createOrganization(t);
      const response = await t.http
        .post(REGISTER)
        .send({ organization_id: org.id, username: 'XiaoMing', password: 'mobile pass 123', display_name: '小明' })
        .expect(201);
      expect(response.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 900,
        refresh_expires_in: 30 * 24 * 3600,
        user: {
          id: expect.any(String),
          organization_id: org.id,
          username: 'xiaoming',
          display_name: '小明',
          avatar_url: null,
          last_login_at: expect.any(String),
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      });
      expect(response.body.access_token).not.toBe(response.body.refresh_token);
      const me = await t.http.get(ME).set(bearer(response.body.access_token)).expect(200);
      expect(me.body).toMatchObject({ id: response.body.user.id, username: 'xiaoming', display_name: '小明' });
      const stored = await t.dataSource.query('SELECT password_hash FROM h5_users WHERE id = $1', [response.body.user.id]);
      expect(stored[0].password_hash).not.toContain('mobile pass 123');
    });

    it('refuses a username taken in the same organization, whatever its case, but not in another one', async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const first = await registerH5User(t, org.id, { username: 'Duplicate.Name' });

      const clash = await t.http
        .post(REGISTER)
        .send({ organization_id: org.id, username: 'duplicate.NAME', password: 'another pass 456' })
        .expect(409);
      expect(clash.body).toEqual({ detail: expect.stringContaining('duplicate.name') });
      const count = await t.dataSource.query('SELECT count(*)::int AS n FROM h5_users WHERE organization_id = $1', [org.id]);
      expect(count[0].n).toBe(1);

      const elsewhere = await registerH5User(t, other.id, { username: 'duplicate.name' });
      expect(elsewhere.user.id).not.toBe(first.user.id);
      expect(elsewhere.user.organization_id).toBe(other.id);
    });

    it('answers 422 naming organization_id when the organization does not exist', async () => {
      const response = await t.http
        .post(REGISTER)
        .send({ organization_id: randomUUID(), username: 'nobody', password: 'mobile pass 123' })
        .expect(422);
      expect(fieldsOf(response.body)).toEqual(['organization_id']);
      expect(response.body.detail).toEqual(expect.any(String));
    });

    it('answers 403 when the organization turned self-registration off', async () => {
      const closed = await createOrganization(t, undefined, { settings: { h5_registration: false } });
      const response = await t.http
        .post(REGISTER)
        .send({ organization_id: closed.id, username: 'hopeful', password: 'mobile pass 123' })
        .expect(403);
      expect(response.body).toEqual({ detail: expect.any(String) });
      const count = await t.dataSource.query('SELECT count(*)::int AS n FROM h5_users WHERE organization_id = $1', [closed.id]);
      expect(count[0].n).toBe(0);

      const open = await createOrganization(t, undefined, { settings: { h5_registration: true } });
      await registerH5User(t, open.id);
    });

    it('answers 422 naming the bad field for a malformed username, a short password or a missing field', async () => {
      const org = await createOrganization(t);
      for (const username of ['ab', 'has space', '-leading-dash', 'x'.repeat(65), '']) {
        const response = await t.http.post(REGISTER).send({ organization_id: org.id, username, password: 'mobile pass 123' }).expect(422);
        expect(fieldsOf(response.body)).toContain('username');
      }
      const short = await t.http.post(REGISTER).send({ organization_id: org.id, username: 'shorty', password: 'seven77' }).expect(422);
      expect(fieldsOf(short.body)).toEqual(['password']);
      const missing = await t.http.post(REGISTER).send({ username: 'orphan', password: 'mobile pass 123' }).expect(422);
      expect(fieldsOf(missing.body)).toEqual(['organization_id']);
      const extra = await t.http
        .post(REGISTER)
        .send({ organization_id: org.id, username: 'sneaky', password: 'mobile pass 123', organization_role: 'owner' })
        .expect(422);
      expect(fieldsOf(extra.body)).toEqual(['organization_role']);
      const count = await t.dataSource.query('SELECT count(*)::int AS n FROM h5_users WHERE organization_id = $1', [org.id]);
      expect(count[0].n).toBe(0);
    });
  });

  describe('POST /h5/auth/login', () => {
    it('signs in with the right credentials (username in any case) and answers 401 otherwise', async () => {
      const org = await createOrganization(t);
      const registered = await registerH5User(t, org.id, { username: 'lihua' });

      const login = await t.http.post(LOGIN).send({ organization_id: org.id, username: 'LiHua', password: registered.password }).expect(200);
      expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 900, user: { id: registered.user.id, username: 'lihua' } });
      expect(login.body.refresh_token).not.toBe(registered.refresh_token);
      await t.http.get(ME).set(bearer(login.body.access_token)).expect(200);

      const wrongPassword = await t.http.post(LOGIN).send({ organization_id: org.id, username: 'lihua', password: 'not the password' }).expect(401);
      expect(wrongPassword.body).toEqual({ detail: expect.any(String) });
      const unknownUser = await t.http.post(LOGIN).send({ organization_id: org.id, username: 'nobody', password: registered.password }).expect(401);
      expect(unknownUser.body).toEqual(wrongPassword.body);
      const otherOrg = await createOrganization(t);
      await t.http.post(LOGIN).send({ organization_id: otherOrg.id, username: 'lihua', password: registered.password }).expect(401);
      const missing = await t.http.post(LOGIN).send({ organization_id: org.id, username: 'lihua' }).expect(422);
      expect(fieldsOf(missing.body)).toContain('password');
    });
  });

  describe('access tokens', () => {
    it('carry exactly sub, org, type "h5", iat and exp, valid for 15 minutes', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      for (const token of [
        session.access_token,
        (await t.http.post(LOGIN).send({ organization_id: org.id, username: session.user.username, password: session.password }).expect(200))
          .body.access_token,
      ]) {
        const claims = claimsOf(token);
        expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'org', 'sub', 'type']);
        expect(claims).toMatchObject({ sub: session.user.id, org: org.id, type: 'h5' });
        expect((claims.exp as number) - (claims.iat as number)).toBe(900);
        expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')).alg).toBe('HS256');
      }
    });

    it('are accepted when signed with H5_JWT_SECRET and refused when expired, mistyped or signed with the admin secret', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      const claims = { sub: session.user.id, org: org.id, type: 'h5' };

      const fresh = signJwt({ ...claims, iat: now(), exp: now() + 900 }, t.config.h5JwtSecret);
      await t.http.get(ME).set(bearer(fresh)).expect(200);

      const expired = signJwt({ ...claims, iat: now() - 1000, exp: now() - 100 }, t.config.h5JwtSecret);
      const refused = await t.http.get(ME).set(bearer(expired)).expect(401);
      expect(refused.body).toEqual({ detail: expect.any(String) });

      const adminSigned = signJwt({ ...claims, iat: now(), exp: now() + 900 }, t.config.jwtSecret);
      await t.http.get(ME).set(bearer(adminSigned)).expect(401);

      const notH5 = signJwt({ ...claims, type: 'admin', iat: now(), exp: now() + 900 }, t.config.h5JwtSecret);
      await t.http.get(ME).set(bearer(notH5)).expect(401);

      const wrongOrg = signJwt({ ...claims, org: randomUUID(), iat: now(), exp: now() + 900 }, t.config.h5JwtSecret);
      await t.http.get(ME).set(bearer(wrongOrg)).expect(401);

      const tampered = session.access_token.slice(0, -2) + (session.access_token.endsWith('AA') ? 'BB' : 'AA');
      await t.http.get(ME).set(bearer(tampered)).expect(401);
      await t.http.get(ME).expect(401);
    });

    it('stop working once the account is gone', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      await t.http.get(ME).set(session.headers).expect(200);
      await t.http.delete(`/api/v1/organizations/${org.id}`).set(t.admin).expect(204);
      await t.http.get(ME).set(session.headers).expect(401);
    });
  });

  describe('credential schemes stay apart', () => {
    it('an H5 access token opens no admin route', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      await t.http.get('/api/v1/organizations').set(session.headers).expect(401);
      await t.http.get(`/api/v1/organizations/${org.id}`).set(session.headers).expect(401);
      await t.http.get(USERS).set(session.headers).expect(401);
      await t.http.get(`${USERS}/${session.user.id}`).set(session.headers).expect(401);
    });

    it('neither the admin token, an admin JWT nor an agent token opens /h5/auth/me', async () => {
      const org = await createOrganization(t);
      await t.http.get('/api/v1/organizations').set(t.admin).expect(200);
      await t.http.get(ME).set(t.admin).expect(401);

      const orgAdmin = await organizationAdmin(t, org.id);
      await t.http.get(`/api/v1/organizations/${org.id}`).set(orgAdmin.headers).expect(200);
      await t.http.get(ME).set(orgAdmin.headers).expect(401);
      await t.http.patch(ME).set(orgAdmin.headers).send({ display_name: 'hijack' }).expect(401);

      const agent = await createAgent(t, org.id);
      expect(agent.agent_token).toEqual(expect.any(String));
      await t.http.get(ME).set('X-Agent-Token', agent.agent_token).expect(401);
      await t.http.get(ME).set(bearer(agent.agent_token)).expect(401);
    });
  });

  describe('GET/PATCH /h5/auth/me', () => {
    it('reads and updates the signed-in user only', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id, { username: 'Wang.Wei' });
      const bystander = await registerH5User(t, org.id);
      expect(session.user.display_name).toBe('Wang.Wei');

      const me = await t.http.get(ME).set(session.headers).expect(200);
      expect(me.body).toMatchObject({ id: session.user.id, organization_id: org.id, username: 'wang.wei', avatar_url: null });
      expect(me.body).not.toHaveProperty('password_hash');
      expect(me.body).not.toHaveProperty('password');

      const patched = await t.http
        .patch(ME)
        .set(session.headers)
        .send({ display_name: '  王伟  ', avatar_url: 'https://cdn.example.com/a.png' })
        .expect(200);
      expect(patched.body).toMatchObject({ id: session.user.id, display_name: '王伟', avatar_url: 'https://cdn.example.com/a.png' });
      const reread = await t.http.get(ME).set(session.headers).expect(200);
      expect(reread.body).toMatchObject({ display_name: '王伟', avatar_url: 'https://cdn.example.com/a.png', username: 'wang.wei' });

      const cleared = await t.http.patch(ME).set(session.headers).send({ avatar_url: null }).expect(200);
      expect(cleared.body).toMatchObject({ display_name: '王伟', avatar_url: null });

      const other = await t.http.get(ME).set(bystander.headers).expect(200);
      expect(other.body).toMatchObject({ id: bystander.user.id, display_name: bystander.user.display_name, avatar_url: null });
    });

    it('answers 422 naming the field for bad values and for fields that cannot be changed', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id, { display_name: 'Before' });
      const cases: [Record<string, unknown>, string][] = [
        [{ avatar_url: 'not a url' }, 'avatar_url'],
        [{ avatar_url: 'javascript:alert(1)' }, 'avatar_url'],
        [{ display_name: '' }, 'display_name'],
        [{ display_name: 'x'.repeat(101) }, 'display_name'],
        [{ display_name: null }, 'display_name'],
        [{ username: 'renamed' }, 'username'],
        [{ organization_id: randomUUID() }, 'organization_id'],
      ];
      for (const [body, field] of cases) {
        const response = await t.http.patch(ME).set(session.headers).send(body).expect(422);
        expect(fieldsOf(response.body)).toContain(field);
      }
      const unchanged = await t.http.get(ME).set(session.headers).expect(200);
      expect(unchanged.body).toMatchObject({ display_name: 'Before', username: session.user.username, organization_id: org.id, avatar_url: null });
    });
  });

  describe('POST /h5/auth/refresh', () => {
    it('rotates the pair; replaying a spent refresh token revokes the whole sign-in but not other sign-ins', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      const otherSignIn = await t.http
        .post(LOGIN)
        .send({ organization_id: org.id, username: session.user.username, password: session.password })
        .expect(200);

      const rotated = await t.http.post(REFRESH).send({ refresh_token: session.refresh_token }).expect(200);
      expect(rotated.body).toMatchObject({ token_type: 'bearer', expires_in: 900, user: { id: session.user.id } });
      expect(rotated.body.refresh_token).not.toBe(session.refresh_token);
      expect(claimsOf(rotated.body.access_token)).toMatchObject({ sub: session.user.id, org: org.id, type: 'h5' });
      await t.http.get(ME).set(bearer(rotated.body.access_token)).expect(200);

      // the spent token again: refused, and the token the rotation issued dies with it
      const replay = await t.http.post(REFRESH).send({ refresh_token: session.refresh_token }).expect(401);
      expect(replay.body).toEqual({ detail: expect.any(String) });
      await t.http.post(REFRESH).send({ refresh_token: rotated.body.refresh_token }).expect(401);

      // a separate login is a separate family
      const stillFine = await t.http.post(REFRESH).send({ refresh_token: otherSignIn.body.refresh_token }).expect(200);
      await t.http.post(REFRESH).send({ refresh_token: stillFine.body.refresh_token }).expect(200);
    });

    it('chains: each new refresh token works once', async () => {
      const org = await createOrganization(t);
      let refreshToken = (await registerH5User(t, org.id)).refresh_token;
      for (let i = 0; i < 3; i += 1) {
        const next = await t.http.post(REFRESH).send({ refresh_token: refreshToken }).expect(200);
        refreshToken = next.body.refresh_token;
      }
      await t.http.post(REFRESH).send({ refresh_token: refreshToken }).expect(200);
    });

    it('refuses an unknown refresh token with 401 and a missing one with 422; refresh tokens open no route', async () => {
      await t.http.post(REFRESH).send({ refresh_token: 'h5r_not-a-token-we-issued' }).expect(401, { detail: 'Invalid refresh token' });
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      // and a refresh token is not an access token
      await t.http.get(ME).set(bearer(session.refresh_token)).expect(401);
      await t.http.post(REFRESH).send({ refresh_token: session.refresh_token }).expect(200);
      const missing = await t.http.post(REFRESH).send({}).expect(422);
      expect(fieldsOf(missing.body)).toEqual(['refresh_token']);
    });
  });

  describe('admin routes /h5/users', () => {
    it('lists H5 users with paging, the organization filter and a search over username and display name', async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const alice = await registerH5User(t, org.id, { username: 'alice', display_name: 'Alice Liddell' });
      const bob = await registerH5User(t, org.id, { username: 'bob', display_name: 'Builder Bob' });
      const carol = await registerH5User(t, org.id, { username: 'carol', display_name: 'Carol' });
      const outsider = await registerH5User(t, other.id, { username: 'alice', display_name: 'Another Alice' });

      const all = await t.http.get(USERS).query({ organization_id: org.id }).set(t.admin).expect(200);
      expect(all.body).toMatchObject({ total: 3, page: 1, size: 20 });
      expect(all.body.items.map((u: { id: string }) => u.id).sort()).toEqual([alice.user.id, bob.user.id, carol.user.id].sort());
      expect(all.body.items[0]).not.toHaveProperty('password_hash');

      const paged = await t.http
        .get(USERS)
        .query({ organization_id: org.id, sort: 'username', order: 'asc', limit: 2, offset: 2 })
        .set(t.admin)
        .expect(200);
      expect(paged.body).toMatchObject({ total: 3, page: 2, size: 2 });
      expect(paged.body.items.map((u: { username: string }) => u.username)).toEqual(['carol']);
      expect(paged.headers).toMatchObject({ 'x-total-count': '3', 'x-limit': '2', 'x-offset': '2' });

      const byName = await t.http.get(USERS).query({ organization_id: org.id, q: 'ALI' }).set(t.admin).expect(200);
      expect(byName.body.items.map((u: { id: string }) => u.id)).toEqual([alice.user.id]);
      const byDisplayName = await t.http.get(USERS).query({ organization_id: org.id, q: 'builder' }).set(t.admin).expect(200);
      expect(byDisplayName.body.items.map((u: { id: string }) => u.id)).toEqual([bob.user.id]);

      const everywhere = await t.http.get(USERS).query({ q: 'alice', limit: 100 }).set(t.admin).expect(200);
      const ids = everywhere.body.items.map((u: { id: string }) => u.id);
      expect(ids).toEqual(expect.arrayContaining([alice.user.id, outsider.user.id]));

      await t.http.get(USERS).query({ organization_id: 'nope' }).set(t.admin).expect(422);
      await t.http.get(USERS).query({ limit: 101 }).set(t.admin).expect(422);
      await t.http.get(USERS).query({ sort: 'password_hash' }).set(t.admin).expect(422);
      await t.http.get(USERS).expect(401);
    });

    it('shows one user with their assignments, and answers 404 for an unknown id and 422 for a malformed one', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      const empty = await t.http.get(`${USERS}/${session.user.id}`).set(t.admin).expect(200);
      expect(empty.body).toMatchObject({ id: session.user.id, organization_id: org.id, username: session.user.username, assignments: [] });
      expect(empty.body).not.toHaveProperty('password_hash');

      await t.http.get(`${USERS}/${randomUUID()}`).set(t.admin).expect(404, { detail: 'H5 user not found' });
      const malformed = await t.http.get(`${USERS}/not-a-uuid`).set(t.admin).expect(422);
      expect(fieldsOf(malformed.body)).toEqual(['id']);
    });

    it('assigns (201), re-assigns with a new role (200), unassigns (204, then 404), auditing each write', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      const agent = await createAgent(t, org.id);
      const userUrl = `${USERS}/${session.user.id}`;

      const created = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        agent_id: agent.id,
        agent_name: agent.name,
        board_id: null,
        role: 'member',
        created_at: expect.any(String),
      });

      const detail = await t.http.get(userUrl).set(t.admin).expect(200);
      expect(detail.body.assignments).toEqual([created.body]);

      const repeated = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: agent.id, role: 'vip' }).expect(200);
      expect(repeated.body).toMatchObject({ id: created.body.id, agent_id: agent.id, agent_name: agent.name, role: 'vip' });
      const afterRepeat = await t.http.get(userUrl).set(t.admin).expect(200);
      expect(afterRepeat.body.assignments).toHaveLength(1);
      expect(afterRepeat.body.assignments[0]).toMatchObject({ agent_id: agent.id, role: 'vip' });
      // repeating without a role keeps the one it has
      const again = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(200);
      expect(again.body.role).toBe('vip');

      const badRole = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: agent.id, role: 'Not A Role' }).expect(422);
      expect(fieldsOf(badRole.body)).toEqual(['role']);

      await t.http.delete(`${userUrl}/assign/${agent.id}`).set(t.admin).expect(204);
      const afterDelete = await t.http.get(userUrl).set(t.admin).expect(200);
      expect(afterDelete.body.assignments).toEqual([]);
      await t.http.delete(`${userUrl}/assign/${agent.id}`).set(t.admin).expect(404);

      const trail = await t.dataSource.query(
        `SELECT action, actor_type, organization_id, changes FROM activity_entries
          WHERE target_type = 'h5_user' AND target_id = $1 AND action <> 'h5_user.registered' ORDER BY created_at`,
        [session.user.id],
      );
      expect(trail.map((row: { action: string }) => row.action)).toEqual([
        'h5_user.assigned',
        'h5_user.assignment_updated',
        'h5_user.assignment_updated',
        'h5_user.unassigned',
      ]);
      for (const row of trail) {
        expect(row).toMatchObject({ actor_type: 'admin', organization_id: org.id, changes: expect.objectContaining({ agent_id: agent.id }) });
      }
    });

    it('refuses an agent of another organization or an unknown agent with 422 on agent_id, storing nothing', async () => {
      const org = await createOrganization(t);
      const other = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      const foreignAgent = await createAgent(t, other.id);
      const userUrl = `${USERS}/${session.user.id}`;

      const foreign = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: foreignAgent.id }).expect(422);
      expect(fieldsOf(foreign.body)).toEqual(['agent_id']);
      const unknown = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: randomUUID() }).expect(422);
      expect(fieldsOf(unknown.body)).toEqual(['agent_id']);
      const malformed = await t.http.post(`${userUrl}/assign`).set(t.admin).send({ agent_id: 'agent-7' }).expect(422);
      expect(fieldsOf(malformed.body)).toEqual(['agent_id']);

      const detail = await t.http.get(userUrl).set(t.admin).expect(200);
      expect(detail.body.assignments).toEqual([]);
      const stored = await t.dataSource.query('SELECT count(*)::int AS n FROM h5_assignments WHERE h5_user_id = $1', [session.user.id]);
      expect(stored[0].n).toBe(0);
      const audited = await t.dataSource.query(
        "SELECT count(*)::int AS n FROM activity_entries WHERE target_id = $1 AND action LIKE 'h5_user.%assign%'",
        [session.user.id],
      );
      expect(audited[0].n).toBe(0);
    });

    it('answers 404 for an unknown user and 422 for malformed ids on assign and unassign', async () => {
      const org = await createOrganization(t);
      const session = await registerH5User(t, org.id);
      const agent = await createAgent(t, org.id);

      await t.http.post(`${USERS}/${randomUUID()}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(404);
      await t.http.delete(`${USERS}/${randomUUID()}/assign/${agent.id}`).set(t.admin).expect(404);
      const badUser = await t.http.post(`${USERS}/123/assign`).set(t.admin).send({ agent_id: agent.id }).expect(422);
      expect(fieldsOf(badUser.body)).toEqual(['id']);
      const badAgent = await t.http.delete(`${USERS}/${session.user.id}/assign/123`).set(t.admin).expect(422);
      expect(fieldsOf(badAgent.body)).toEqual(['agent_id']);
      await t.http.post(`${USERS}/${session.user.id}/assign`).send({ agent_id: agent.id }).expect(401);
      await t.http.delete(`${USERS}/${session.user.id}/assign/${agent.id}`).expect(401);
    });
  });

  describe('admin create and delete /h5/users', () => {
    it('creates an account even where self-registration is off, refuses a taken username, and deletes it with its assignments', async () => {
      const closed = await createOrganization(t, undefined, { settings: { h5_registration: false } });
      const created = await t.http
        .post(USERS)
        .set(t.admin)
        .send({ organization_id: closed.id, username: 'Counter.Staff', password: 'mobile pass 123', display_name: '前台' })
        .expect(201);
      expect(created.body).toEqual(expect.objectContaining({ organization_id: closed.id, username: 'counter.staff', display_name: '前台', last_login_at: null }));
      expect(created.body).not.toHaveProperty('password');
      await t.http.post(USERS).set(t.admin).send({ organization_id: closed.id, username: 'COUNTER.staff', password: 'mobile pass 123' }).expect(409);
      const bad = await t.http.post(USERS).set(t.admin).send({ organization_id: closed.id, username: 'x', password: 'short' }).expect(422);
      expect(fieldsOf(bad.body).sort()).toEqual(['password', 'username']);

      const login = await t.http.post(LOGIN).send({ organization_id: closed.id, username: 'counter.staff', password: 'mobile pass 123' }).expect(200);
      const agent = await createAgent(t, closed.id);
      await t.http.post(`${USERS}/${created.body.id}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);

      const other = await createOrganization(t);
      const orgAdmin = await organizationAdmin(t, other.id);
      await t.http.post(USERS).set(orgAdmin.headers).send({ organization_id: closed.id, username: 'intruder', password: 'mobile pass 123' }).expect(403);
      await t.http.delete(`${USERS}/${created.body.id}`).set(orgAdmin.headers).expect(403);

      await t.http.delete(`${USERS}/${created.body.id}`).set(t.admin).expect(204);
      await t.http.get(`${USERS}/${created.body.id}`).set(t.admin).expect(404);
      await t.http.delete(`${USERS}/${created.body.id}`).set(t.admin).expect(404);
      await t.http.get(ME).set(bearer(login.body.access_token)).expect(401);
      const left = await t.dataSource.query('SELECT count(*)::int AS n FROM h5_assignments WHERE agent_id = $1', [agent.id]);
      expect(left[0].n).toBe(0);
      const trail = await t.dataSource.query('SELECT action FROM activity_entries WHERE target_id = $1 ORDER BY created_at', [created.body.id]);
      expect(trail.map((row: { action: string }) => row.action)).toEqual(['h5_user.created', 'h5_user.assigned', 'h5_user.deleted']);
    });
  });

  describe('an admin bound to one organization', () => {
    it("lists only its organization's H5 users and gets 403 on another organization's", async () => {
      const own = await createOrganization(t);
      const other = await createOrganization(t);
      const orgAdmin = await organizationAdmin(t, own.id);
      const mine = await registerH5User(t, own.id);
      const theirs = await registerH5User(t, other.id);
      const ownAgent = await createAgent(t, own.id);
      const theirAgent = await createAgent(t, other.id);
      await t.http.post(`${USERS}/${theirs.user.id}/assign`).set(t.admin).send({ agent_id: theirAgent.id }).expect(201);

      const list = await t.http.get(USERS).query({ limit: 100 }).set(orgAdmin.headers).expect(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([mine.user.id]);
      expect(list.body.total).toBe(1);
      await t.http.get(USERS).query({ organization_id: other.id }).set(orgAdmin.headers).expect(403);

      await t.http.get(`${USERS}/${mine.user.id}`).set(orgAdmin.headers).expect(200);
      await t.http.get(`${USERS}/${theirs.user.id}`).set(orgAdmin.headers).expect(403);
      await t.http.post(`${USERS}/${theirs.user.id}/assign`).set(orgAdmin.headers).send({ agent_id: theirAgent.id, role: 'mine' }).expect(403);
      await t.http.post(`${USERS}/${theirs.user.id}/assign`).set(orgAdmin.headers).send({ agent_id: ownAgent.id }).expect(403);
      await t.http.delete(`${USERS}/${theirs.user.id}/assign/${theirAgent.id}`).set(orgAdmin.headers).expect(403);

      const untouched = await t.http.get(`${USERS}/${theirs.user.id}`).set(t.admin).expect(200);
      expect(untouched.body.assignments).toEqual([expect.objectContaining({ agent_id: theirAgent.id, role: 'member' })]);

      // within its own organization it manages assignments, and the trail names it
      await t.http.post(`${USERS}/${mine.user.id}/assign`).set(orgAdmin.headers).send({ agent_id: ownAgent.id }).expect(201);
      await t.http.delete(`${USERS}/${mine.user.id}/assign/${ownAgent.id}`).set(orgAdmin.headers).expect(204);
      const trail = await t.dataSource.query(
        'SELECT action, actor_id FROM activity_entries WHERE target_id = $1 AND actor_id = $2 ORDER BY created_at',
        [mine.user.id, orgAdmin.id],
      );
      expect(trail.map((row: { action: string }) => row.action)).toEqual(['h5_user.assigned', 'h5_user.unassigned']);
    });
  });

  describe('login rate limit (an app with LOGIN_RATE_LIMIT=3)', () => {
    let limited: TestApp;

    beforeAll(async () => {
      limited = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
    });
    afterAll(() => limited?.close());

    it('answers 429 once an account exceeds LOGIN_RATE_LIMIT attempts in the window', async () => {
      const org = await createOrganization(limited);
      const user = await registerH5User(limited, org.id);
      const attempt = (password: string, username = user.user.username) =>
        limited.http.post(LOGIN).send({ organization_id: org.id, username, password });

      for (let i = 0; i < 3; i += 1) await attempt('wrong password').expect(401);
      const blocked = await attempt(user.password).expect(429);
      expect(blocked.body).toEqual({ detail: expect.any(String) });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

      // the limit counts per account: someone else behind the same address can still try
      await attempt('wrong password', 'someone-else').expect(401);
    });

    it('leaves the first application in this process with its own credentials and limits', async () => {
      const org = await createOrganization(t);
      const user = await registerH5User(t, org.id);
      for (let i = 0; i < 4; i += 1) {
        await t.http.post(LOGIN).send({ organization_id: org.id, username: user.user.username, password: user.password }).expect(200);
      }
      await t.http.get('/api/v1/h5/auth/me').set('Authorization', `Bearer ${user.access_token}`).expect(200);
      await t.http.get('/api/v1/h5/auth/me').set('Authorization', `Bearer ${user.access_token}`).expect(200);
      await limited.http.get('/api/v1/organizations').set(t.admin).expect(401);
    });
  });
});
