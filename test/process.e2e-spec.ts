import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { serverDatabaseUrl } from './support/database';
import {
  emptyDataDir,
  killAllServices,
  MAIN_JS,
  preparedDataDir,
  removeDataDir,
  ServiceProcess,
} from './support/service-process';

/**
 * The compiled service as users run it: `node dist/src/main.js`, configured by environment only,
 * stopped with SIGTERM. Embedded database only: these tests are about DATA_DIR surviving restarts.
 */
const skipReason = serverDatabaseUrl()
  ? 'process.e2e-spec skipped: TEST_DATABASE_URL is set, and this suite tests the embedded database in DATA_DIR'
  : undefined;
// not console.log: Jest's default reporter drops the console output of a suite whose tests are all skipped
if (skipReason) process.stderr.write(`${skipReason}\n`);
const describeEmbedded = skipReason ? describe.skip : describe;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STACK_FRAME = /^\s+at\s/m;

function readSecrets(dataDir: string): { adminToken: string; jwtSecret: string; h5JwtSecret: string; encryptionKey: string } {
  return JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** Reads one HTTP/1.1 response (Content-Length framed) from a raw socket. */
function readResponse(socket: Socket): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const tryParse = () => {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers = buffer.slice(0, end);
      const length = Number(/^content-length:\s*(\d+)/im.exec(headers)?.[1] ?? 0);
      const body = buffer.slice(end + 4);
      if (Buffer.byteLength(body) < length) return;
      socket.off('data', onData);
      resolve({ status: Number(headers.split(' ')[1]), headers, body });
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      tryParse();
    };
    socket.on('data', onData);
    socket.once('error', (error) => reject(new Error(`${error.message} before a full response; got: ${JSON.stringify(buffer)}`)));
    socket.once('close', () => reject(new Error(`connection closed before a full response; got: ${JSON.stringify(buffer)}`)));
  });
}

/**
 * A POST whose body arrives in two parts: the request is in flight (headers and half the body
 * received) until finish() sends the rest.
 */
async function startSlowPost(port: number, path: string, headers: Record<string, string>, payload: unknown) {
  const body = JSON.stringify(payload);
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const response = readResponse(socket);
  response.catch(() => undefined); // awaited in finish()
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  const half = Math.floor(body.length / 2);
  socket.write(`${head}\r\n\r\n${body.slice(0, half)}`);
  return {
    socket,
    async finish(): Promise<RawResponse> {
      socket.write(body.slice(half));
      return response;
    },
  };
}

/** What a new client gets: 'refused', or the status of GET /health on a fresh connection. */
function newConnectionOutcome(port: number): Promise<'refused' | number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // refused outright, or accepted from the backlog of a closing listener and reset
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve('refused');
      else reject(error);
    });
    socket.once('connect', () => {
      readResponse(socket)
        .then((response) => resolve(response.status))
        .catch(() => resolve('refused')) // accepted, then closed without an answer
        .finally(() => socket.destroy());
      socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
  });
}

describeEmbedded('The service as a process (node dist/src/main.js)', () => {
  const dataDirs: string[] = [];
  const newDataDir = (prepared = true) => {
    const dir = prepared ? preparedDataDir() : emptyDataDir();
    dataDirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npx nest build\` first (npm test does)`);
  });
  afterEach(() => killAllServices());
  afterAll(async () => {
    await killAllServices();
    for (const dir of dataDirs) removeDataDir(dir);
  });

  describe('refuses to start on invalid configuration, with one line on stderr', () => {
    it.each([
      ['PORT', { PORT: 'abc' }],
      ['CLERK_JWKS_URL', { AUTH_MODE: 'clerk' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ])('naming %s', async (variable, env) => {
      const service = await ServiceProcess.spawn({ DATA_DIR: newDataDir(false), LOG_LEVEL: 'info', ...env });
      const exit = await service.waitForExit();

      expect(exit).toEqual({ code: 1, signal: null });
      const lines = service.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(service.stderr).not.toMatch(STACK_FRAME);
      expect(service.stdout).toBe('');
    });

    it('does not echo a DATABASE_URL (it may carry a password)', async () => {
      const service = await ServiceProcess.spawn({ DATA_DIR: newDataDir(false), DATABASE_URL: 'mysql://root:hunter2@db/x' });
      expect(await service.waitForExit()).toEqual({ code: 1, signal: null });
      expect(service.stderr).toContain('DATABASE_URL');
      expect(service.stderr).not.toContain('hunter2');
    });
  });

  it('first start generates the secrets, announces the admin token once; the next start reuses them silently', async () => {
    const dataDir = newDataDir(false); // nothing at all: initdb, migrations, secrets

    const first = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const secretsFile = join(dataDir, 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = readSecrets(dataDir);
    expect(secrets).toEqual({
      adminToken: expect.any(String),
      jwtSecret: expect.any(String),
      h5JwtSecret: expect.any(String),
      encryptionKey: expect.any(String),
      wechatCallbackSecret: expect.any(String),
    });
    expect(new Set(Object.values(secrets)).size).toBe(5);
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(32);

    await first.waitForStdout(`${first.baseUrl}/docs`);
    expect(occurrences(first.stdout, secrets.adminToken)).toBe(1);
    await request(first.baseUrl).get('/api/v1/organizations').set(bearer(secrets.adminToken)).expect(200);
    await request(first.baseUrl).get('/api/v1/organizations').set(bearer(`${secrets.adminToken}x`)).expect(401);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(occurrences(first.stdout + first.stderr, secrets.adminToken)).toBe(1);
    expect(first.stdout + first.stderr).not.toContain(secrets.jwtSecret);
    expect(first.stdout + first.stderr).not.toContain(secrets.h5JwtSecret);
    expect(first.stdout + first.stderr).not.toContain(secrets.encryptionKey);

    const second = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    await request(second.baseUrl).get('/api/v1/organizations').set(bearer(secrets.adminToken)).expect(200);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
    expect(second.stdout + second.stderr).not.toContain(secrets.adminToken);
    expect(second.stdout).not.toContain('Admin token');
    expect(readSecrets(dataDir)).toEqual(secrets);
  }, 120_000);

  it('keeps what was answered 2xx across SIGTERM and a restart, and the embedded database comes back ready', async () => {
    const dataDir = newDataDir();
    const first = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const { adminToken } = readSecrets(dataDir);
    const name = `Survivor ${randomUUID().slice(0, 8)}`;
    const created = await request(first.baseUrl)
      .post('/api/v1/organizations')
      .set(bearer(adminToken))
      .send({ name, description: 'kept across restarts' })
      .expect(201);

    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.stderr).toBe('');

    const second = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(await second.readiness()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    const read = await request(second.baseUrl).get(`/api/v1/organizations/${created.body.id}`).set(bearer(adminToken)).expect(200);
    expect(read.body).toEqual(created.body);
    const list = await request(second.baseUrl).get('/api/v1/organizations').query({ q: name }).set(bearer(adminToken)).expect(200);
    expect(list.body.total).toBe(1);
  }, 120_000);

  it('on SIGTERM finishes the request in flight, refuses new connections, then exits 0 with the write kept', async () => {
    const dataDir = newDataDir();
    const service = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const { adminToken } = readSecrets(dataDir);
    const name = `In flight ${randomUUID().slice(0, 8)}`;

    // headers and half of the body are in; the handler cannot run before the rest arrives
    const inFlight = await startSlowPost(service.port, '/api/v1/organizations', bearer(adminToken), { name });
    service.signal('SIGTERM');

    // the listener closes while the request is still open: a new client is refused (or told 503)
    let outcome: 'refused' | number = 200;
    const deadline = Date.now() + 15_000;
    while (outcome !== 'refused' && outcome !== 503 && Date.now() < deadline && !service.exit) {
      outcome = await newConnectionOutcome(service.port);
      if (outcome === 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(service.exit).toBeUndefined(); // still waiting for our request
    expect(['refused', 503]).toContain(outcome);

    const response = await inFlight.finish();
    expect(response.status).toBe(201);
    const created = JSON.parse(response.body);
    expect(created).toMatchObject({ name, id: expect.stringMatching(UUID) });
    inFlight.socket.destroy();

    expect(await service.waitForExit()).toEqual({ code: 0, signal: null });
    expect(service.stderr).toBe('');

    const again = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect((await again.readiness()).status).toBe('ready');
    const read = await request(again.baseUrl).get(`/api/v1/organizations/${created.id}`).set(bearer(adminToken)).expect(200);
    expect(read.body.name).toBe(name);
  }, 120_000);

  it('keeps a task update answered 2xx after the process is killed outright (SIGKILL) and restarted', async () => {
    const env = { DATA_DIR: newDataDir(), LOG_LEVEL: 'warn', LOCAL_AUTH_TOKEN: `crash-${randomBytes(16).toString('hex')}` };
    const admin = bearer(env.LOCAL_AUTH_TOKEN);
    const first = await ServiceProcess.start(env);
    const api = request(first.baseUrl);
    const org = (await api.post('/api/v1/organizations').set(admin).send({ name: 'Crash test' }).expect(201)).body;
    const board = (await api.post('/api/v1/boards').set(admin).send({ organization_id: org.id, name: 'b' }).expect(201)).body;
    const task = (await api.post('/api/v1/tasks').set(admin).send({ board_id: board.id, title: 'survive' }).expect(201)).body;
    await api.patch(`/api/v1/tasks/${task.id}`).set(admin).send({ status: 'in_progress', title: 'survived' }).expect(200);
    await first.kill();
    expect(first.exit).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await ServiceProcess.start(env);
    const after = await request(second.baseUrl).get(`/api/v1/tasks/${task.id}`).set(admin).expect(200);
    expect(after.body).toMatchObject({ status: 'in_progress', title: 'survived' });
    await second.readiness();
  }, 120_000);

  it('refuses a second service on the same DATA_DIR while the first runs (two engines on one cluster lose data)', async () => {
    const env = { DATA_DIR: newDataDir(), LOG_LEVEL: 'warn', LOCAL_AUTH_TOKEN: `lock-${randomBytes(16).toString('hex')}` };
    const admin = bearer(env.LOCAL_AUTH_TOKEN);
    const first = await ServiceProcess.start(env);
    const org = (await request(first.baseUrl).post('/api/v1/organizations').set(admin).send({ name: 'Only one engine' }).expect(201)).body;

    const second = await ServiceProcess.spawn(env);
    expect(await second.waitForExit(60_000)).toEqual({ code: 1, signal: null });
    expect(second.stderr).toContain(`in use by process ${first.pid}`);

    await request(first.baseUrl).get(`/api/v1/organizations/${org.id}`).set(admin).expect(200);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    // the lock goes with the process that held it: the next start takes the directory
    const third = await ServiceProcess.start(env);
    await request(third.baseUrl).get(`/api/v1/organizations/${org.id}`).set(admin).expect(200);
  }, 180_000);

  it('uses LOCAL_AUTH_TOKEN from the environment instead of generating one, and never prints it', async () => {
    const dataDir = newDataDir();
    const token = `ops-${randomBytes(24).toString('hex')}`;
    const service = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'info', LOCAL_AUTH_TOKEN: token });

    await request(service.baseUrl).get('/api/v1/organizations').set(bearer(token)).expect(200);
    const secrets = readSecrets(dataDir);
    expect(secrets.adminToken).toBeUndefined(); // nothing generated, nothing that would work
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(token);
    expect(secrets.jwtSecret).toEqual(expect.any(String));

    expect(await service.stop()).toEqual({ code: 0, signal: null });
    expect(service.stdout + service.stderr).not.toContain(token);
    expect(service.stdout).not.toContain('Admin token');
  }, 120_000);

  it('gives every response an X-Request-Id, echoes a sane one, and never logs the admin token', async () => {
    const dataDir = newDataDir(); // no secrets yet: this start announces a generated token
    const service = await ServiceProcess.start({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const { adminToken } = readSecrets(dataDir);
    await service.waitForStdout(adminToken);
    const http = request(service.baseUrl);

    const minted = await http.get('/api/v1/organizations').set(bearer(adminToken)).expect(200);
    expect(minted.headers['x-request-id']).toMatch(UUID);
    const refused = await http.get('/api/v1/organizations').expect(401);
    expect(refused.headers['x-request-id']).toMatch(UUID);
    expect(refused.headers['x-request-id']).not.toBe(minted.headers['x-request-id']);
    const echoed = await http.get('/api/v1/organizations').set(bearer(adminToken)).set('X-Request-Id', 'trace-42.a:b_c').expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-42.a:b_c');
    for (const insane of ['has spaces in it', 'x'.repeat(129), '<script>']) {
      const replaced = await http.get('/health').set('X-Request-Id', insane).expect(200);
      expect(replaced.headers['x-request-id']).toMatch(UUID);
    }

    // requests carrying the token in every place a client may put it
    const probe = `log-probe-${randomUUID()}`;
    await http.get('/api/v1/organizations').set(bearer(adminToken)).set('X-Request-Id', probe).expect(200);
    await http.get('/api/v1/users/me').query({ token: adminToken }).set(bearer(adminToken)).expect(200);
    await http.get('/api/v1/organizations').query({ token: adminToken }).expect(401);
    await http.get(`/api/v1/organizations?token=${adminToken}`).set(bearer(adminToken)).expect(422);
    await http.get('/api/v1/organizations').set(bearer(`${adminToken}-wrong`)).expect(401);
    await http.post('/api/v1/auth/login').send({ token: adminToken }).expect(200);
    await http.post('/api/v1/organizations').set(bearer(adminToken)).send({ name: 'Logged', token: adminToken }).expect(422);

    expect(await service.stop()).toEqual({ code: 0, signal: null });
    const output = service.stdout + service.stderr;
    // the requests were logged, with the ids the responses carried ...
    for (const id of [probe, 'trace-42.a:b_c', minted.headers['x-request-id']]) expect(service.stdout).toContain(id);
    expect(service.stdout).toContain('/api/v1/users/me');
    expect(service.stdout).toContain('/api/v1/auth/login');
    // ... and the token appears once: alone on its line in the first-start banner
    expect(occurrences(output, adminToken)).toBe(1);
    const bannerLine = service.stdout.split('\n').find((line) => line.includes(adminToken))!;
    expect(bannerLine.trim()).toBe(adminToken);
    expect(output).not.toContain('token=');
  }, 120_000);
});
