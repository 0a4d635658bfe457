import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CryptoKey, exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { startTestApp, TestApp } from './support/test-app';

/**
 * AUTH_MODE=clerk: admin credentials are JWTs from an external issuer, verified against its JWKS.
 * The issuer here is a key pair made by the test and a JWKS served from a local HTTP server.
 */
const ISSUER = 'https://clerk.test';
const KID = 'clerk-test-key';
const ERROR_BODY = { detail: expect.any(String) };

describe('AUTH_MODE=clerk', () => {
  let t: TestApp;
  let jwks: Server;
  let privateKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwks = createServer((req, res) => {
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      jwksRequests += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    t = await startTestApp({
      AUTH_MODE: 'clerk',
      CLERK_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      CLERK_ISSUER: ISSUER,
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  interface TokenOptions {
    sub?: string;
    email?: string;
    issuer?: string;
    expiresAt?: number | string;
    key?: CryptoKey;
  }

  /** A session token as the issuer would sign it. */
  function issuerJwt(options: TokenOptions = {}): Promise<string> {
    const claims: Record<string, unknown> = {};
    if (options.email !== undefined) claims.email = options.email;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setSubject(options.sub ?? `user_${randomUUID().replace(/-/g, '')}`)
      .setIssuer(options.issuer ?? ISSUER)
      .setIssuedAt()
      .setExpirationTime(options.expiresAt ?? '5m')
      .sign(options.key ?? privateKey);
  }

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const newEmail = () => `clerk-${randomUUID().slice(0, 8)}@example.com`;

  it('a valid issuer JWT opens the admin API and provisions a user with its email', async () => {
    const email = newEmail();
    const token = await issuerJwt({ sub: `user_${randomUUID().slice(0, 12)}`, email });

    const list = await t.http.get('/api/v1/organizations').set(bearer(token)).expect(200);
    expect(list.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });

    const me = await t.http.get('/api/v1/users/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ email, is_active: true, id: expect.any(String) });
    expect(jwksRequests).toBeGreaterThan(0);

    // the provisioned user acts under its own identity: the audit trail names it
    const org = await t.http.post('/api/v1/organizations').set(bearer(token)).send({ name: `Clerk ${randomUUID().slice(0, 6)}` }).expect(201);
    const trail = await t.dataSource.query('SELECT actor_type, actor_id FROM activity_entries WHERE target_id = $1', [org.body.id]);
    expect(trail).toEqual([{ actor_type: 'admin', actor_id: me.body.id }]);
  });

  it('the same subject signing in again (even at once) is one user, not several', async () => {
    const sub = `user_${randomUUID().slice(0, 12)}`;
    const email = newEmail();
    const tokens = await Promise.all([1, 2, 3, 4].map(() => issuerJwt({ sub, email })));

    const concurrent = await Promise.all(tokens.map((token) => t.http.get('/api/v1/users/me').set(bearer(token))));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const ids = new Set(concurrent.map((r) => r.body.id));
    expect(ids.size).toBe(1);

    const later = await t.http.get('/api/v1/users/me').set(bearer(await issuerJwt({ sub, email }))).expect(200);
    expect(ids.has(later.body.id)).toBe(true);

    const users = await t.http.get('/api/v1/users').query({ q: email }).set(bearer(tokens[0])).expect(200);
    expect(users.body.total).toBe(1);
    const rows = await t.dataSource.query('SELECT id FROM users WHERE external_id = $1', [sub]);
    expect(rows).toEqual([{ id: later.body.id }]);
  });

  it('refuses an expired JWT', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const token = await issuerJwt({ email: newEmail(), expiresAt: past });
    const response = await t.http.get('/api/v1/organizations').set(bearer(token)).expect(401);
    expect(response.body).toEqual(ERROR_BODY);
  });

  it('refuses a JWT without an expiry (it would never expire)', async () => {
    const sub = `user_${randomUUID().slice(0, 12)}`;
    const token = await new SignJWT({ email: newEmail() })
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .sign(privateKey);
    const response = await t.http.get('/api/v1/organizations').set(bearer(token)).expect(401);
    expect(response.body).toEqual(ERROR_BODY);
    expect(await t.dataSource.query('SELECT id FROM users WHERE external_id = $1', [sub])).toEqual([]);
  });

  it('refuses a JWT from another issuer', async () => {
    const token = await issuerJwt({ email: newEmail(), issuer: 'https://evil.example' });
    const response = await t.http.get('/api/v1/organizations').set(bearer(token)).expect(401);
    expect(response.body).toEqual(ERROR_BODY);
  });

  it('refuses a JWT signed by another key, even under the published key id', async () => {
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const sub = `user_${randomUUID().slice(0, 12)}`;
    const token = await issuerJwt({ sub, email: newEmail(), key: otherKey });
    const response = await t.http.get('/api/v1/organizations').set(bearer(token)).expect(401);
    expect(response.body).toEqual(ERROR_BODY);
    // and nobody was provisioned for it
    expect(await t.dataSource.query('SELECT id FROM users WHERE external_id = $1', [sub])).toEqual([]);
  });

  it('refuses the static local admin token', async () => {
    const response = await t.http.get('/api/v1/organizations').set(t.admin).expect(401);
    expect(response.body).toEqual(ERROR_BODY);
  });

  it('refuses an HS256 token signed with JWT_SECRET, shaped like a local admin JWT', async () => {
    const [localAdmin] = await t.dataSource.query(`SELECT id FROM users WHERE external_id = 'local:admin'`);
    for (const claims of [
      { org: null, role: 'superadmin', aud: 'mission-control:admin', sub: localAdmin?.id ?? randomUUID() },
      { email: newEmail(), iss: ISSUER, sub: `user_${randomUUID().slice(0, 12)}` },
    ]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: KID })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(t.config.jwtSecret));
      const response = await t.http.get('/api/v1/organizations').set(bearer(token)).expect(401);
      expect(response.body).toEqual(ERROR_BODY);
    }
  });

  it('refuses a request without credentials or with garbage', async () => {
    const none = await t.http.get('/api/v1/organizations').expect(401);
    expect(none.body).toEqual(ERROR_BODY);
    const garbage = await t.http.get('/api/v1/organizations').set(bearer('not.a.jwt')).expect(401);
    expect(garbage.body).toEqual(ERROR_BODY);
  });

  it('answers POST /api/v1/auth/login with 400: the identity provider signs people in', async () => {
    const withToken = await t.http.post('/api/v1/auth/login').send({ token: t.config.adminToken }).expect(400);
    expect(withToken.body).toEqual(ERROR_BODY);
    const withPassword = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'admin@example.com', password: 'correct horse battery' })
      .expect(400);
    expect(withPassword.body).toEqual(ERROR_BODY);
    expect(withPassword.body).not.toHaveProperty('access_token');
  });

  it('refuses an identity whose email already belongs to another account (403), without taking it over', async () => {
    const email = newEmail();
    const first = await issuerJwt({ email });
    const owner = (await t.http.get('/api/v1/users/me').set(bearer(first)).expect(200)).body;
    const impostor = await issuerJwt({ email: email.toUpperCase() });
    const refused = await t.http.get('/api/v1/users/me').set(bearer(impostor)).expect(403);
    expect(refused.body).toEqual({ detail: expect.stringContaining('already belongs to another account') });
    await t.http.get('/api/v1/organizations').set(bearer(await issuerJwt({ email: 'admin@localhost' }))).expect(403);
    const still = await t.http.get('/api/v1/users/me').set(bearer(first)).expect(200);
    expect(still.body.id).toBe(owner.id);
  });
});
