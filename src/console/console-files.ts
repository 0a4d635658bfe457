import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths that keep their meaning: the two APIs, Swagger, the WebSockets, the health probes. */
const SERVICE_PATHS = /^\/(api|docs|ws|health|healthz)(\/|$|-)/;

/** Whether a GET for this path is the console's: not one of the service's own, not a file the build lacks. */
export function isConsolePath(path: string): boolean {
  return !SERVICE_PATHS.test(path);
}

/** A client route (no file extension in its last segment) answers index.html; /x.js that is not there stays a 404. */
export function isClientRoute(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/** The built console: web/dist beside the repository's package.json (the service runs from dist/src or src). */
export function consoleDistDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web', 'package.json'))) {
      const dist = join(dir, 'web', 'dist');
      return existsSync(join(dist, 'index.html')) ? dist : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
