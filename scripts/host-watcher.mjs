#!/usr/bin/env node
// ClawPanel host watcher: runs on the OpenClaw host (plain Node >= 18, no dependencies) and answers
// the signal files the panel writes to <OPENCLAW_HOME>/.clawpanel/signals/:
//
//   <id>.<action>.request.json  → renamed to <id>.<action>.claimed.json (one watcher runs it)
//                               → <id>.<action>.status.json (running, then success/failed, with output)
//   watcher.json                ← heartbeat: pid, host, last seen, public key (for a sealed sudo password)
//
// Actions: restart-gateway (`openclaw gateway restart`) and update-openclaw
// (`npm install -g openclaw@<version>`). See README "Host watcher" for running it under systemd.
// Configuration (environment):
//   OPENCLAW_HOME               the OpenClaw folder (default ~/.openclaw)
//   WATCHER_SIGNALS_DIR         the signal folder (default $OPENCLAW_HOME/.clawpanel/signals)
//   WATCHER_RESTART_COMMAND     shell command for restart-gateway (default: openclaw gateway restart)
//   WATCHER_UPDATE_COMMAND      shell command for update-openclaw; {version} is replaced by the checked
//                               version (default: npm install -g openclaw@{version})
//   WATCHER_SUDO                auto | always | never (default auto: sudo only when not root and a
//                               password is known)
//   WATCHER_SUDO_ACTIONS        actions run through sudo (default: update-openclaw)
//   WATCHER_SUDO_PASSWORD_FILE  a file holding the sudo password (else WATCHER_SUDO_PASSWORD, else the
//                               password the panel sends sealed with this watcher's key)
//   WATCHER_SUDO_BIN            the sudo program (default sudo)
//   WATCHER_POLL_MS             how often the folder is read (default 1000)
//   WATCHER_COMMAND_TIMEOUT_MS  a command running longer is stopped (default 600000)
//   WATCHER_KEEP                finished status files kept per action (default 20)
// Flags: --once (answer what is waiting, then exit), --help.

import { spawn } from 'node:child_process';
import { constants as cryptoConstants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

const FORMAT = 1;
const FILE_PATTERN = /^(\d{13}-[0-9a-f]{8})\.(restart-gateway|update-openclaw)\.(request|claimed|status)\.json$/;
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;
const OUTPUT_LIMIT = 64 * 1024;
const LOG_LINES = 200;
const HEARTBEAT_MS = 2_000;
const STATUS_WRITE_MS = 500;
const STOP_GRACE_MS = 30_000;

const env = process.env;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`usage: node scripts/host-watcher.mjs [--once]\n(configuration: see the comment at the top of this file)\n`);
  process.exit(0);
}

function intFrom(name, fallback, min) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) fail(`${name} must be a whole number >= ${min} (got ${JSON.stringify(raw)})`);
  return value;
}

function fail(message) {
  process.stderr.write(`host-watcher: ${message}\n`);
  process.exit(2);
}

const openclawHome = resolve(env.OPENCLAW_HOME || join(homedir(), '.openclaw'));
const config = {
  dir: resolve(env.WATCHER_SIGNALS_DIR || join(openclawHome, '.clawpanel', 'signals')),
  commands: {
    'restart-gateway': env.WATCHER_RESTART_COMMAND || 'openclaw gateway restart',
    'update-openclaw': env.WATCHER_UPDATE_COMMAND || 'npm install -g openclaw@{version}',
  },
  sudo: env.WATCHER_SUDO || 'auto',
  sudoActions: new Set((env.WATCHER_SUDO_ACTIONS ?? 'update-openclaw').split(',').map((item) => item.trim()).filter(Boolean)),
  sudoBin: env.WATCHER_SUDO_BIN || 'sudo',
  pollMs: intFrom('WATCHER_POLL_MS', 1_000, 50),
  timeoutMs: intFrom('WATCHER_COMMAND_TIMEOUT_MS', 600_000, 1_000),
  keep: intFrom('WATCHER_KEEP', 20, 1),
  shell: env.WATCHER_SHELL || '/bin/sh',
  once: args.includes('--once'),
};
if (!['auto', 'always', 'never'].includes(config.sudo)) fail(`WATCHER_SUDO must be auto, always or never (got ${JSON.stringify(config.sudo)})`);

async function ownSudoPassword() {
  if (env.WATCHER_SUDO_PASSWORD_FILE) {
    try {
      return (await readFile(env.WATCHER_SUDO_PASSWORD_FILE, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      fail(`cannot read WATCHER_SUDO_PASSWORD_FILE: ${error.message}`);
    }
  }
  return env.WATCHER_SUDO_PASSWORD || undefined;
}

const sudoPassword = await ownSudoPassword();
// the key the panel seals its stored sudo password with; the private half never leaves this process
const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const startedAt = new Date().toISOString();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function log(message) {
  process.stdout.write(`${new Date().toISOString()} host-watcher: ${message}\n`);
}

async function writeJsonAtomic(path, value) {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

async function readJson(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

const fileName = (id, action, kind) => `${id}.${action}.${kind}.json`;

let lastHeartbeat = 0;
async function heartbeat(force = false) {
  if (!force && Date.now() - lastHeartbeat < HEARTBEAT_MS) return;
  lastHeartbeat = Date.now();
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry
  }
  await writeJsonAtomic(join(config.dir, 'watcher.json'), {
    format: FORMAT,
    pid: process.pid,
    hostname: hostname(),
    user,
    startedAt,
    lastSeenAt: new Date().toISOString(),
    pollMs: config.pollMs,
    actions: Object.keys(config.commands),
    sudo: { mode: config.sudo, actions: [...config.sudoActions], ownPassword: Boolean(sudoPassword) },
    publicKey: keys.publicKey,
  });
}

/** The sudo password sent by the panel, opened with this watcher's private key; undefined when it cannot be. */
function openSealed(sealed) {
  if (!sealed || sealed.alg !== 'RSA-OAEP-256' || typeof sealed.data !== 'string') return undefined;
  try {
    return privateDecrypt({ key: keys.privateKey, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(sealed.data, 'base64')).toString('utf8');
  } catch {
    return undefined;
  }
}

function commandFor(request) {
  const template = config.commands[request.action];
  if (request.action !== 'update-openclaw') return template;
  const version = request.params?.version ?? 'latest';
  if (typeof version !== 'string' || !VERSION_PATTERN.test(version)) throw new Error(`refusing version ${JSON.stringify(version)}: not an npm version or dist-tag`);
  return template.replaceAll('{version}', version);
}

/** Runs one claimed request to the end, writing its status as it goes. */
async function run(id, action, request) {
  const statusPath = join(config.dir, fileName(id, action, 'status'));
  const { sudoPassword: sealed, ...publicParams } = request.params ?? {};
  const status = {
    format: FORMAT,
    id,
    action,
    status: 'running',
    requestedAt: request.requestedAt,
    startedAt: new Date().toISOString(),
    params: publicParams,
    watcher: { pid: process.pid, hostname: hostname() },
    command: '',
    output: '',
    log: [],
  };
  const notes = [];
  let output = '';
  let truncated = false;
  const secrets = [];
  const refresh = () => {
    let text = output;
    for (const secret of secrets) if (secret) text = text.split(secret).join('***');
    status.output = truncated ? `[earlier output cut]\n${text}` : text;
    status.log = [...notes, ...text.split(/\r?\n/).filter((line) => line.length > 0)].slice(-LOG_LINES);
  };
  const finish = async (outcome, extra = {}) => {
    Object.assign(status, { status: outcome, finishedAt: new Date().toISOString() }, extra);
    refresh();
    await writeJsonAtomic(statusPath, status);
    log(`${action} ${id}: ${outcome}${extra.error ? ` (${extra.error})` : ''}`);
  };

  let command;
  try {
    if (request.format !== FORMAT || request.id !== id || request.action !== action) throw new Error('the request file does not match its name');
    command = commandFor(request);
  } catch (error) {
    await finish('failed', { error: error.message });
    return;
  }
  status.command = command;

  const wantsSudo = config.sudoActions.has(action) && config.sudo !== 'never';
  let password = sudoPassword;
  if (wantsSudo && !password && sealed) {
    password = openSealed(sealed);
    if (!password) notes.push('[watcher] the sudo password sent by the panel could not be opened (was the watcher restarted?); running without it');
  }
  const useSudo = wantsSudo && (config.sudo === 'always' || (!isRoot && Boolean(password)));
  if (password) secrets.push(password);
  const argv = useSudo
    ? password
      ? [config.sudoBin, '-S', '-p', '', '--', config.shell, '-c', command]
      : [config.sudoBin, '-n', '--', config.shell, '-c', command]
    : [config.shell, '-c', command];
  notes.push(`$ ${useSudo ? `${config.sudoBin} ` : ''}${command}`);
  refresh();
  await writeJsonAtomic(statusPath, status);
  log(`${action} ${id}: running ${useSudo ? '(sudo) ' : ''}${command}`);

  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: process.env });
  current = child;
  let lastWrite = Date.now();
  let writing = Promise.resolve();
  const append = (chunk) => {
    output += chunk;
    if (output.length > OUTPUT_LIMIT) {
      output = output.slice(output.length - OUTPUT_LIMIT);
      truncated = true;
    }
    if (Date.now() - lastWrite >= STATUS_WRITE_MS) {
      lastWrite = Date.now();
      refresh();
      const snapshot = { ...status };
      writing = writing.then(() => writeJsonAtomic(statusPath, snapshot)).catch(() => undefined);
    }
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  child.stdin.on('error', () => undefined);
  if (useSudo && password) child.stdin.write(`${password}\n`);
  child.stdin.end();

  let timedOut = false;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 5_000).unref();
  }, config.timeoutMs);
  const [code, signal, spawnError] = await new Promise((done) => {
    child.once('error', (error) => done([null, null, error]));
    child.once('close', (exitCode, exitSignal) => done([exitCode, exitSignal, null]));
  });
  clearTimeout(timer);
  current = undefined;
  await writing;
  if (spawnError) await finish('failed', { exitCode: null, error: `could not start ${argv[0]}: ${spawnError.message}` });
  else if (timedOut) await finish('failed', { exitCode: code, error: `stopped after ${config.timeoutMs} ms` });
  else if (code === 0) await finish('success', { exitCode: 0 });
  else await finish('failed', { exitCode: code, error: signal ? `ended by ${signal}` : `exit code ${code}` });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Claimed requests left by a watcher that died mid-run are answered as failed. */
async function recoverAbandoned(names) {
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match || match[3] !== 'claimed') continue;
    const [, id, action] = match;
    const statusPath = join(config.dir, fileName(id, action, 'status'));
    const status = await readJson(statusPath).catch(() => undefined);
    if (status && (status.status === 'success' || status.status === 'failed')) {
      await unlink(join(config.dir, name)).catch(() => undefined);
      continue;
    }
    const owner = status?.watcher;
    if (owner && owner.hostname === hostname() && owner.pid !== process.pid && processAlive(owner.pid)) continue;
    if (owner?.pid === process.pid) continue;
    await writeJsonAtomic(statusPath, {
      ...(status ?? { format: FORMAT, id, action, log: [] }),
      status: 'failed',
      finishedAt: new Date().toISOString(),
      error: 'the host watcher stopped while this request was running',
    });
    await unlink(join(config.dir, name)).catch(() => undefined);
    log(`${action} ${id}: marked failed (left running by a stopped watcher)`);
  }
}

/** Keeps the newest `keep` finished status files per action. */
async function prune(names) {
  const byAction = new Map();
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match || match[3] !== 'status') continue;
    const list = byAction.get(match[2]) ?? [];
    list.push(match[1]);
    byAction.set(match[2], list);
  }
  for (const [action, ids] of byAction) {
    ids.sort();
    for (const id of ids.slice(0, Math.max(0, ids.length - config.keep))) await unlink(join(config.dir, fileName(id, action, 'status'))).catch(() => undefined);
  }
}

let current;
let busy = false;
let again = false;
let stopping = false;
let recovered = false;

async function tick() {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  try {
    do {
      again = false;
      await mkdir(config.dir, { recursive: true, mode: 0o700 });
      await heartbeat();
      let names = await readdir(config.dir);
      if (!recovered) {
        recovered = true;
        await recoverAbandoned(names);
        names = await readdir(config.dir);
      }
      const waiting = names.map((name) => FILE_PATTERN.exec(name)).filter((match) => match && match[3] === 'request').sort((a, b) => (a[1] < b[1] ? -1 : 1));
      for (const [name, id, action] of waiting) {
        if (stopping) return;
        const claimed = join(config.dir, fileName(id, action, 'claimed'));
        try {
          await rename(join(config.dir, name), claimed);
        } catch (error) {
          if (error.code === 'ENOENT') continue; // another watcher took it
          throw error;
        }
        let request;
        try {
          request = JSON.parse(await readFile(claimed, 'utf8'));
        } catch (error) {
          request = { format: -1, error: error.message };
        }
        await run(id, action, request);
        await unlink(claimed).catch(() => undefined);
        await heartbeat(true);
      }
      if (waiting.length > 0) await prune(await readdir(config.dir));
    } while (again && !stopping);
  } catch (error) {
    log(`error: ${error.message}`);
  } finally {
    busy = false;
  }
}

async function main() {
  await mkdir(config.dir, { recursive: true, mode: 0o700 });
  await chmod(config.dir, 0o700).catch(() => undefined);
  log(`watching ${config.dir} (restart: ${config.commands['restart-gateway']}; update: ${config.commands['update-openclaw']}; sudo: ${config.sudo})`);
  await heartbeat(true);
  if (config.once) {
    await tick();
    return;
  }
  let watcher;
  try {
    watcher = watch(config.dir, () => void tick());
    watcher.on('error', () => undefined);
  } catch {
    // no inotify: polling alone still works
  }
  const interval = setInterval(() => void tick(), config.pollMs);
  void tick();
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping${current ? ' after the running command' : ''}`);
    clearInterval(interval);
    watcher?.close();
    const deadline = Date.now() + STOP_GRACE_MS;
    while (busy && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    if (current) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
    await unlink(join(config.dir, 'watcher.json')).catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

await main();
