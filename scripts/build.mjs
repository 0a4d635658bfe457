// Builds the service (and the console, when there is one) only when their sources changed since the last build.
// `node scripts/build.mjs` builds what is stale; `--force` rebuilds everything.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// generated: the console's API types, written by its own build from the service's OpenAPI document
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.vite', 'test-artifacts', 'generated']);

/** The service's inputs are what tsconfig.build.json includes, plus what decides how it compiles. */
const targets = [
  {
    name: 'service',
    inputs: ['src', 'bench', 'ormconfig.ts', 'test/support', 'test/fakes', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'],
    stamp: 'dist/.source-stamp',
    // tsc's incremental state: without it every file is emitted again (a forced build repairs an edited dist/)
    forgets: ['dist/.tsbuildinfo.build'],
    command: ['npx', ['nest', 'build']],
  },
  {
    name: 'console',
    when: 'web/package.json',
    // src too: the console's API types are generated from the service's OpenAPI document, so a changed route
    // must rebuild (and so typecheck) the console
    inputs: ['web', 'src', 'package-lock.json'],
    stamp: 'web/dist/.source-stamp',
    command: ['npm', ['run', 'build:web']],
  },
];

function filesUnder(path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => !(entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** A hash of the inputs' names and contents (not their times: a fresh clone or checkout touches every file). */
function fingerprint(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(filesUnder).sort()) {
    hash.update(relative(root, join(root, file))).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

const readStamp = (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8').trim() : undefined);

export function ensureBuilt({ force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  for (const target of targets) {
    if (target.when && !existsSync(join(root, target.when))) continue;
    const current = fingerprint(target.inputs);
    if (!force && readStamp(target.stamp) === current) continue;
    log(force ? `Building the ${target.name} from scratch…` : `Building the ${target.name} (its sources changed since the last build)…`);
    if (force) for (const path of target.forgets ?? []) rmSync(join(root, path), { force: true });
    const [command, args] = target.command;
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`building the ${target.name} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal})`);
    mkdirSync(dirname(join(root, target.stamp)), { recursive: true });
    writeFileSync(join(root, target.stamp), `${current}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureBuilt({ force: process.argv.includes('--force') });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
