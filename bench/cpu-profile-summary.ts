/**
 * Where the service's CPU goes while it is measured: reads the profile that
 * `organizations.bench.js --service-cpu-prof DIR` leaves in DIR, keeps the samples taken inside the service's
 * measured rounds (DIR/service-rounds.json; CLOCK_MONOTONIC microseconds, the profile's own clock on Linux)
 * and groups each busy sample by the innermost library on its stack.
 *
 *   node dist/bench/cpu-profile-summary.js DIR [--top N] [--thread ID]   (ID 0, the default, is the main thread;
 *                                                                        the embedded engine's worker is 1)
 *
 * Grouping, from the sampled frame outwards: the first frame in node_modules decides by package (see GROUPS);
 * a frame of Node's HTTP modules (node:_http_*) decides "Node HTTP core"; a frame of the service's own code
 * decides by its folder (auth, the embedded database's socket server, else application); frames of streams,
 * net, timers and native builtins (JSON.stringify, writev) are passed through to their caller. So the socket
 * writes of `pg` count as `pg`, those of an HTTP answer as Node HTTP core, JSON.stringify in res.json as Express.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface Rounds {
  pid?: number;
  mode?: string;
  logLevel?: string;
  windows: Array<{ round: number; startUs: number; endUs: number }>;
}

const GROUPS: Array<[string, RegExp]> = [
  ['PGlite engine and its socket server', /^@electric-sql\//],
  ['TypeORM (query builder, SQL, hydration)', /^typeorm$/],
  ['pg driver (protocol, parsing rows) and its socket writes', /^(pg|pg-.*|postgres-.*|pgpass)$/],
  ['request logging (pino, pino-http, nestjs-pino)', /^(pino.*|@pinojs\/.*|nestjs-pino|sonic-boom|fast-redact|quick-format-unescaped|on-exit-leak-free|thread-stream|safe-stable-stringify|atomic-sleep|real-require)$/],
  ['Express + router (res.json, send)', /^(express|router|send|finalhandler|on-finished|content-type|etag|fresh|qs|parseurl|path-to-regexp|accepts|type-is|mime-types|mime-db|negotiator|content-disposition|cookie|cookie-signature|proxy-addr|forwarded|ipaddr\.js|range-parser|statuses|vary|depd|encodeurl|escape-html|serve-static|debug|ms|merge-descriptors|utils-merge|setprototypeof|http-errors|inherits|toidentifier|once|wrappy|ee-first|unpipe|side-channel.*|call-bind.*|get-intrinsic|es-.*|function-bind|has-.*|hasown|gopd|object-inspect|math-intrinsics|dunder-proto|get-proto)$/],
  ['Nest core + rxjs (routing, guards, pipes, interceptors, filters)', /^(@nestjs\/core|@nestjs\/common|@nestjs\/platform-express|rxjs|tslib|reflect-metadata|iterare|uid|load-esm|fast-safe-stringify)$/],
  ['rate limiting (@nestjs/throttler)', /^@nestjs\/throttler$/],
  ['authentication (Passport, jose)', /^(passport.*|@nestjs\/passport|jose|@nestjs\/jwt|jsonwebtoken)$/],
  ['class-validator / class-transformer', /^(class-validator|class-transformer|validator|libphonenumber-js)$/],
  ['helmet, CORS, body parsing', /^(helmet|cors|body-parser|raw-body|iconv-lite|bytes|object-assign)$/],
  ['Swagger', /^@nestjs\/swagger$/],
];

function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const rest = url.slice(at + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/** The group a frame decides, or undefined when it passes the sample on to its caller. */
function groupOf(frame: CallFrame): string | undefined {
  const { url } = frame;
  const pkg = packageOf(url);
  if (pkg) return GROUPS.find(([, pattern]) => pattern.test(pkg))?.[0] ?? `other libraries (${pkg})`;
  if (/^node:(_http_|http$|internal\/http)/.test(url)) return 'Node HTTP core (parsing, writing answers)';
  if (url.includes('/dist/src/')) {
    if (url.includes('/core/auth/')) return 'authentication (Passport, jose)';
    if (url.includes('/core/database/pglite-session-server') || url.includes('/core/database/embedded-postgres')) {
      return 'PGlite engine and its socket server';
    }
    return 'application code (controller, service, DTOs, paging, interceptors)';
  }
  return undefined;
}

/** Node names profiles CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread. */
function pickProfile(dir: string, pid: number | undefined, thread: number): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const fields = (name: string) => name.split('.');
  const own = pid ? files.filter((name) => fields(name)[3] === String(pid)) : files;
  const threads = (own.length > 0 ? own : files).filter((name) => fields(name)[4] === String(thread));
  const candidates = threads.map((name) => join(dir, name));
  if (candidates.length === 0) throw new Error(`no .cpuprofile of thread ${thread} in ${dir}`);
  return candidates.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

function main(): void {
  // a reader that stops early (| head) is not an error
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const args = process.argv.slice(2);
  const topIndex = args.indexOf('--top');
  const top = topIndex === -1 ? 15 : Number(args[topIndex + 1]);
  const threadIndex = args.indexOf('--thread');
  const thread = threadIndex === -1 ? 0 : Number(args[threadIndex + 1]);
  const dir = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--top' && args[i - 1] !== '--thread');
  if (!dir || !Number.isInteger(thread) || thread < 0) {
    process.stderr.write('usage: node dist/bench/cpu-profile-summary.js DIR [--top N] [--thread ID]\n');
    process.exit(64);
  }
  const rounds = JSON.parse(readFileSync(join(dir, 'service-rounds.json'), 'utf8')) as Rounds;
  const file = pickProfile(dir, rounds.pid, thread);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const groupCache = new Map<number, string>();
  const groupOfNode = (id: number): string => {
    const cached = groupCache.get(id);
    if (cached) return cached;
    const leaf = byId.get(id)!;
    let group: string | undefined;
    if (leaf.callFrame.functionName === '(garbage collector)') group = 'garbage collection';
    else if (leaf.callFrame.functionName === '(program)') group = 'V8/Node native, no JS frame ((program))';
    for (let at: number | undefined = id; !group && at !== undefined; at = parent.get(at)) group = groupOf(byId.get(at)!.callFrame);
    group ??= /^node:/.test(leaf.callFrame.url) || leaf.callFrame.url === '' ? 'other Node internals' : 'other';
    groupCache.set(id, group);
    return group;
  };

  const inside = (time: number) => rounds.windows.some((window) => time >= window.startUs && time <= window.endUs);
  const counts = new Map<string, number>();
  const self = new Map<string, number>();
  let time = profile.startTime;
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    if (!inside(time)) continue;
    const node = byId.get(profile.samples[i])!;
    if (node.callFrame.functionName === '(idle)') {
      idle++;
      continue;
    }
    busy++;
    const group = groupOfNode(node.id);
    counts.set(group, (counts.get(group) ?? 0) + 1);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/node_modules\//, '')}:${node.callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const measured = rounds.windows.reduce((sum, window) => sum + (window.endUs - window.startUs), 0) / 1e6;
  const pct = (n: number) => `${((n / busy) * 100).toFixed(1).padStart(5)} %`;
  process.stdout.write(
    `${file}\n${rounds.mode ?? '?'} database, LOG_LEVEL=${rounds.logLevel ?? '?'}; ${rounds.windows.length} service rounds, ${measured.toFixed(1)} s; ` +
      `${thread === 0 ? 'main thread' : `thread ${thread}`} busy in ${busy} samples, idle in ${idle} (${((busy / Math.max(1, busy + idle)) * 100).toFixed(0)} % busy)\n\n` +
      `share of the thread's busy samples, by the innermost library on the stack:\n`,
  );
  for (const [group, n] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`${pct(n)}  ${group}\n`);
  process.stdout.write(`\ntop ${top} functions by self time:\n`);
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(n)}  ${name}\n`);
}

main();
