import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');

/** The suites read the console `node scripts/build.mjs` (npm test's pretest) built; say so when it is not there. */
export function assertConsoleBuilt(): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: build the console first (node scripts/build.mjs, run by npm test)');
}

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']\.\/([\w.-]+\.js)["']/g;

/** A chunk and every chunk it imports statically (what the browser must load before it runs). */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join(WEB_DIST, 'assets', entry), 'utf8');
  for (const match of code.matchAll(STATIC_IMPORT)) staticClosure(match[1], seen);
  return seen;
}

/** The JS the login page needs before it shows: index.html's entry and the lazy LoginPage chunk, with their imports. */
export function loginPageInitialJs(): { files: string[]; bytes: number; gzipBytes: number } {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/(?:src|href)="\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]);
  const login = readdirSync(join(WEB_DIST, 'assets')).find((name) => /^LoginPage-[\w-]+\.js$/.test(name));
  if (!login) throw new Error('no LoginPage chunk in web/dist/assets');
  const files = new Set<string>();
  for (const entry of [...entries, login]) staticClosure(entry, files);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(WEB_DIST, 'assets', file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: [...files].sort(), bytes, gzipBytes };
}
