/**
 * Benchmark: what this service adds to a chat round trip. One real OpenClaw gateway (the npm package, on Node 24)
 * answers from a local fake OpenAI-compatible model; N concurrent users each send M messages one after another.
 *   - baseline: each user holds its own operator connection to the gateway and calls `chat.send` itself, timing
 *     from the call to the run's `final` event;
 *   - direct: each user is an H5 client on `/ws/h5/chat`; the service reaches the gateway over its own connection;
 *   - relay: the same, for an agent on a registered gateway reached through the connector's relay socket;
 *   - baseline again, to show the gateway did not drift during the run.
 * Prints p50/p95/p99 per path and the ratio (and added milliseconds) of each service path to the baseline.
 *
 *   npm run bench:chat                          50 users x 4 messages
 *   node dist/bench/chat.bench.js --help        every option
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { startConnector } from '../src/connector/connector';
import { OpenClawGatewayClient } from '../src/integrations/openclaw-gateway';
import { FakeModelServer } from '../test/fakes/openai-model-server';
import { ensureOpenClawRuntime, startOpenClawGateway } from '../test/support/openclaw';
import { baseEnvironment, commandLine, freePort, integerOption, log, LOOPBACK, ms, SERVICE_ENTRY, startService, stats, Stats, table, waitForReady, runBenchmark } from './harness';

const HELP = `Usage: node dist/bench/chat.bench.js [options]   (or: npm run bench:chat -- [options])

  --users N          concurrent users (50)                                   [BENCH_USERS]
  --messages N       messages per user and path, sent one after another (4)   [BENCH_MESSAGES]
  --word-delay MS    the fake model's pause between streamed words (5)      [BENCH_WORD_DELAY]
  --help             this text
`;

interface Options {
  users: number;
  messages: number;
  wordDelayMs: number;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { users: { type: 'string' }, messages: { type: 'string' }, 'word-delay': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    users: integerOption(values.users ?? env.BENCH_USERS, '--users', 50, 1, 500),
    messages: integerOption(values.messages ?? env.BENCH_MESSAGES, '--messages', 4, 1, 100),
    wordDelayMs: integerOption(values['word-delay'] ?? env.BENCH_WORD_DELAY, '--word-delay', 5, 0, 1000),
  };
}

const REPLY_TIMEOUT_MS = 180_000;

/** Every user runs its messages in sequence; all users at once. Returns each message's round trip in ms. */
async function concurrently(users: number, messages: number, oneMessage: (user: number, message: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      for (let message = 0; message < messages; message++) samples.push(await oneMessage(user, message));
    }),
  );
  return samples;
}

async function baseline(gatewayUrl: string, token: string, options: Options): Promise<number[]> {
  const clients = await Promise.all(
    Array.from({ length: options.users }, async () => {
      const client = new OpenClawGatewayClient({ url: gatewayUrl, token, clientName: 'bench-baseline' });
      await client.start();
      return client;
    }),
  );
  try {
    return await concurrently(options.users, options.messages, (user, message) => {
      const client = clients[user];
      const runId = randomUUID();
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('baseline: no final event')), REPLY_TIMEOUT_MS);
        const listener = (name: string, payload: unknown) => {
          const event = payload as { runId?: string; state?: string };
          if (name !== 'chat' || event.runId !== runId || event.state !== 'final') return;
          clearTimeout(timer);
          client.off('event', listener);
          resolve(performance.now() - started);
        };
        client.on('event', listener);
        const started = performance.now();
        client.call('chat.send', { sessionKey: `agent:main:bench-${user}`, message: `baseline ${user}.${message}`, idempotencyKey: runId }).catch(reject);
      });
    });
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/** H5 users on `/ws/h5/chat`, each assigned to `agentId`. */
async function throughService(wsUrl: string, tokens: string[], agentId: string, options: Options, label: string): Promise<number[]> {
  const sockets = await Promise.all(
    tokens.map(
      (token) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${wsUrl}/ws/h5/chat?token=${token}`);
          socket.once('message', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  try {
    return await concurrently(options.users, options.messages, (user, message) => {
      const socket = sockets[user];
      const id = randomUUID();
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${label}: no final frame`)), REPLY_TIMEOUT_MS);
        const listener = (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as { type: string; id?: string; payload?: { state?: string; reply_to?: string; code?: string } };
          if (frame.type === 'error' && frame.id === id) reject(new Error(`${label}: ${JSON.stringify(frame.payload)}`));
          if (frame.type !== 'chat' || frame.payload?.reply_to !== id || frame.payload.state !== 'final') return;
          clearTimeout(timer);
          socket.off('message', listener);
          resolve(performance.now() - started);
        };
        socket.on('message', listener);
        const started = performance.now();
        socket.send(JSON.stringify({ type: 'chat', id, payload: { agent_id: agentId, content: `${label} ${user}.${message}` } }));
      });
    });
  } finally {
    sockets.forEach((socket) => socket.close());
  }
}

async function main(): Promise<number> {
  const options = commandLine(readOptions, HELP);
  if (typeof options === 'number') return options;
  if (!existsSync(SERVICE_ENTRY)) {
    process.stderr.write(`${SERVICE_ENTRY} is missing: run \`npx nest build\` first (npm run bench:chat does)\n`);
    return 1;
  }
  const runtime = await ensureOpenClawRuntime();
  if (typeof runtime === 'string') {
    process.stderr.write(`the OpenClaw runtime is not available: ${runtime}\n`);
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-chat-'));
  const model = await FakeModelServer.start({ wordDelayMs: options.wordDelayMs });
  const gateway = await startOpenClawGateway({ modelBaseUrl: model.baseUrl });
  log(`gateway ready in ${gateway.startupMs} ms on ${gateway.url}`);
  const port = await freePort();
  const adminToken = `bench-${randomBytes(12).toString('hex')}`;
  const service = startService({ ...baseEnvironment(), PORT: String(port), HOST: LOOPBACK, DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn', LOCAL_AUTH_TOKEN: adminToken, OPENCLAW_HOME: join(work, 'home') }, join(work, 'service.log'));
  const baseUrl = `http://${LOOPBACK}:${port}`;
  let connector: Awaited<ReturnType<typeof startConnector>> | undefined;
  try {
    await waitForReady(baseUrl, service, 120_000);
    const call = async (method: string, path: string, body?: unknown, token = adminToken) => {
      const response = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, any>>;
    };
    const org = await call('POST', '/api/v1/organizations', { name: 'Bench' });
    const direct = await call('POST', '/api/v1/gateways', { organization_id: org.id, name: 'bench-direct', url: gateway.url, token: gateway.token });
    const directAgent = await call('POST', '/api/v1/agents', { organization_id: org.id, name: 'bench-direct-agent', gateway_id: direct.id });
    const registration = await call('POST', '/api/v1/gateway-registry/tokens', { organization_id: org.id });
    connector = await startConnector({ apiUrl: baseUrl, registrationToken: registration.registration_token, name: 'bench-relay', gatewayUrl: gateway.url, gatewayToken: gateway.token, stateFile: join(work, 'connector.json') });
    const relayAgent = await call('POST', '/api/v1/agents', { organization_id: org.id, name: 'bench-relay-agent', gateway_id: connector.state.gateway_id });
    const tokens: string[] = [];
    for (let user = 0; user < options.users; user++) {
      const registered = await call('POST', '/api/v1/h5/auth/register', { organization_id: org.id, username: `bench-${user}`, password: 'bench password 1' });
      await call('POST', `/api/v1/h5/users/${registered.user.id}/assign`, { agent_id: directAgent.id });
      await call('POST', `/api/v1/h5/users/${registered.user.id}/assign`, { agent_id: relayAgent.id });
      tokens.push(registered.access_token as string);
    }
    const wsUrl = baseUrl.replace('http', 'ws');
    log(`${options.users} users x ${options.messages} messages per path; warming up`);
    await baseline(gateway.url, gateway.token, { ...options, messages: 1 });
    await throughService(wsUrl, tokens, directAgent.id, { ...options, messages: 1 }, 'warmup');
    await throughService(wsUrl, tokens, relayAgent.id, { ...options, messages: 1 }, 'warmup');

    const results: Array<[string, Stats]> = [];
    const measure = async (label: string, run: () => Promise<number[]>) => {
      const started = performance.now();
      const samples = await run();
      log(`${label}: ${samples.length} round trips in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      results.push([label, stats(samples)]);
    };
    await measure('gateway directly (baseline)', () => baseline(gateway.url, gateway.token, options));
    await measure('service, direct mode', () => throughService(wsUrl, tokens, directAgent.id, options, 'direct'));
    await measure('service, relay mode', () => throughService(wsUrl, tokens, relayAgent.id, options, 'relay'));
    await measure('gateway directly (again)', () => baseline(gateway.url, gateway.token, options));

    const reference = (results[0][1].p50 + results[3][1].p50) / 2;
    const rows = [['path', 'n', 'p50', 'p95', 'p99', 'p50 / baseline', 'added p50']];
    for (const [label, s] of results) {
      rows.push([label, String(s.count), ms(s.p50), ms(s.p95), ms(s.p99), `x${(s.p50 / reference).toFixed(2)}`, ms(s.p50 - reference)]);
    }
    process.stdout.write(`\nChat round trip, ${options.users} concurrent users, fake model word delay ${options.wordDelayMs} ms\n${table(rows)}\n`);
    return 0;
  } finally {
    await connector?.stop();
    await service.stop();
    await gateway.stop();
    await model.close();
    rmSync(work, { recursive: true, force: true });
  }
}

runBenchmark(main);
