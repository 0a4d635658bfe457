import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Admin auth /api/v1/auth/login and users /api/v1/users', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('exchanges the local admin token for a JWT that opens admin routes', async () => {
      const login = await t.http.post('/api/v1/auth/login').send({ token: t.config.adminToken }).expect(200);
      expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: t.config.adminJwtTtlSeconds });
      expect(login.body.user).toMatchObject({ role: 'superadmin', organization_id: null });
      const bearer = { Authorization: `Bearer ${login.body.access_token}` };
      const me = await t.http.get('/api/v1/users/me').set(bearer).expect(200);
      expect(me.body.id).toBe(login.body.user.id);
      await t.http.get('/api/v1/organizations').set(bearer).expect(200);
    });

    it('refuses a wrong token, a wrong password and an unknown email with 401', async () => {
      await t.http.post('/api/v1/auth/login').send({ token: 'not-the-token-at-all' }).expect(401);
      const org = await createOrganization(t);
      const admin = await organizationAdmin(t, org.id);
      await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: 'wrong password' }).expect(401);
      const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'whatever1' }).expect(401);
      expect(unknown.body).toEqual({ detail: 'Invalid email or password' });
    });

    it('needs either a token or an email and password', async () => {
      const response = await t.http.post('/api/v1/auth/login').send({}).expect(422);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['token']));
      await t.http.post('/api/v1/auth/login').send({ email: 'not-an-email', password: 'x' }).expect(422);
    });

    it('refuses expired, foreign-audience and tampered JWTs, and JWTs of deleted users', async () => {
      const jwt = new JwtService();
      const secret = t.config.jwtSecret;
      const me = (await t.http.get('/api/v1/users/me').set(t.admin).expect(200)).body;
      const claims = { sub: me.id, org: null, role: 'superadmin' };
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, { secret, audience: 'mission-control:admin' });
      await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${expired}`).expect(401);
      const panelAudience = jwt.sign(claims, { secret, audience: 'clawpanel' });
      await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${panelAudience}`).expect(401);
      const otherSecret = jwt.sign(claims, { secret: 'x'.repeat(48), audience: 'mission-control:admin' });
      await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${otherSecret}`).expect(401);

      const org = await createOrganization(t);
      const admin = await organizationAdmin(t, org.id);
      await t.http.get('/api/v1/users/me').set(admin.headers).expect(200);
      await t.http.delete(`/api/v1/users/${admin.id}`).set(t.admin).expect(204);
      await t.http.get('/api/v1/users/me').set(admin.headers).expect(401);
    });
  });

  describe('users', () => {
    it('creates organization admins who can log in and are bound to their organization', async () => {
      const org = await createOrganization(t);
      const admin = await organizationAdmin(t, org.id);
      const me = await t.http.get('/api/v1/users/me').set(admin.headers).expect(200);
      expect(me.body).toMatchObject({ email: admin.email, role: 'admin', organization_id: org.id, is_active: true });
      expect(me.body.last_login_at).not.toBeNull();
      expect(JSON.stringify(me.body)).not.toMatch(/password/i);
    });

    it('refuses a duplicate email (409), an admin without organization (422) and an unknown organization (422)', async () => {
      const org = await createOrganization(t);
      const admin = await organizationAdmin(t, org.id);
      await t.http
        .post('/api/v1/users')
        .set(t.admin)
        .send({ email: admin.email.toUpperCase(), display_name: 'x', password: 'long enough', organization_id: org.id })
        .expect(409);
      await t.http.post('/api/v1/users').set(t.admin).send({ email: 'a@example.com', display_name: 'x', password: 'long enough' }).expect(422);
      const unknown = await t.http
        .post('/api/v1/users')
        .set(t.admin)
        .send({ email: 'b@example.com', display_name: 'x', password: 'long enough', organization_id: randomUUID() })
        .expect(422);
      expect(unknown.body.errors[0].field).toBe('organization_id');
      await t.http.post('/api/v1/users').set(t.admin).send({ email: 'c@example.com', display_name: 'x', password: 'short', organization_id: org.id }).expect(422);
    });

    it('updates the caller profile and changes the password only with the current one', async () => {
      const org = await createOrganization(t);
      const admin = await organizationAdmin(t, org.id);
      const patched = await t.http
        .patch('/api/v1/users/me')
        .set(admin.headers)
        .send({ display_name: 'Ops Lead', timezone: 'Asia/Shanghai', preferences: { theme: 'dark' } })
        .expect(200);
      expect(patched.body).toMatchObject({ display_name: 'Ops Lead', timezone: 'Asia/Shanghai', preferences: { theme: 'dark' } });
      await t.http.patch('/api/v1/users/me').set(admin.headers).send({ timezone: 'Mars/Olympus' }).expect(422);

      await t.http.patch('/api/v1/users/me').set(admin.headers).send({ new_password: 'brand new secret' }).expect(422);
      const wrong = await t.http
        .patch('/api/v1/users/me')
        .set(admin.headers)
        .send({ new_password: 'brand new secret', current_password: 'not it' })
        .expect(422);
      expect(wrong.body.errors[0].field).toBe('current_password');
      await t.http
        .patch('/api/v1/users/me')
        .set(admin.headers)
        .send({ new_password: 'brand new secret', current_password: admin.password })
        .expect(200);
      await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(401);
      await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: 'brand new secret' }).expect(200);

      const [trail] = await t.dataSource.query(
        "SELECT changes FROM activity_entries WHERE target_id = $1 AND action = 'user.profile_updated' ORDER BY created_at DESC LIMIT 1",
        [admin.id],
      );
      expect(JSON.stringify(trail.changes)).not.toContain('brand new secret');
    });

    it('lists users: everyone for a superadmin, their organization for an organization admin', async () => {
      const orgA = await createOrganization(t);
      const orgB = await createOrganization(t);
      const adminA = await organizationAdmin(t, orgA.id);
      const adminB = await organizationAdmin(t, orgB.id);

      const all = await t.http.get('/api/v1/users').query({ limit: 100 }).set(t.admin).expect(200);
      const emails = all.body.items.map((u: { email: string }) => u.email);
      expect(emails).toEqual(expect.arrayContaining([adminA.email, adminB.email, 'admin@localhost']));

      const scoped = await t.http.get('/api/v1/users').set(adminA.headers).expect(200);
      expect(scoped.body.items.map((u: { email: string }) => u.email)).toEqual([adminA.email]);
      await t.http.get('/api/v1/users').query({ organization_id: orgB.id }).set(adminA.headers).expect(403);
      await t.http.get(`/api/v1/users/${adminB.id}`).set(adminA.headers).expect(403);
      await t.http.delete(`/api/v1/users/${adminB.id}`).set(adminA.headers).expect(403);
      await t.http
        .post('/api/v1/users')
        .set(adminA.headers)
        .send({ email: 'x@example.com', display_name: 'x', password: 'long enough', role: 'superadmin' })
        .expect(403);
      await t.http
        .post('/api/v1/users')
        .set(adminA.headers)
        .send({ email: 'y@example.com', display_name: 'y', password: 'long enough', organization_id: orgB.id })
        .expect(403);
      await t.http.get(`/api/v1/users/${adminB.id}`).set(t.admin).expect(200);
    });

    it('refuses to delete yourself or the local admin', async () => {
      const me = (await t.http.get('/api/v1/users/me').set(t.admin).expect(200)).body;
      await t.http.delete(`/api/v1/users/${me.id}`).set(t.admin).expect(409);
      await t.http.get('/api/v1/users/me').set(t.admin).expect(200);
    });
  });
});
