/**
 * What the two "floor" servers of bench/organizations.bench.ts share: the constant answer they send and
 * how they listen, announce themselves and stop.
 *
 * The answer is a copy of one real answer of the service to `GET /api/v1/organizations?limit=20`, taken by
 * the benchmark after seeding: the same status, the same body bytes and the same headers in the same order
 * (helmet's, CORS's, X-Request-Id, the paging headers, Content-Type). Node adds Date, Connection and
 * Keep-Alive and the framework adds Content-Length, as for the service, so those are not in the copy.
 *
 * Configuration (environment):
 *   FLOOR_RESPONSE_FILE  JSON file {"status": 200, "headers": [["Name", "value"], …], "body": "…"}   (required)
 *   FLOOR_HOST           default 127.0.0.1
 *   FLOOR_PORT           default 0 = any free port
 *
 * When it listens, a floor server prints one JSON line on stdout: {"event":"listening","host":…,"port":…}.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export const FLOOR_PATH = '/api/v1/organizations';

/** Headers Node or the framework writes itself on every answer; a copied answer must not carry them. */
export const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export interface FloorResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export function loadFloorResponse(env: NodeJS.ProcessEnv = process.env): FloorResponse {
  const file = env.FLOOR_RESPONSE_FILE;
  if (!file) throw new Error('set FLOOR_RESPONSE_FILE');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FloorResponse>;
  if (!Number.isInteger(parsed.status) || !Array.isArray(parsed.headers) || typeof parsed.body !== 'string') {
    throw new Error(`${file}: expected {"status", "headers", "body"}`);
  }
  const headers = parsed.headers.filter(([name]) => !HOP_HEADERS.has(name.toLowerCase()));
  return { status: parsed.status!, headers, body: parsed.body };
}

export function listenConfig(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const port = Number(env.FLOOR_PORT || 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('FLOOR_PORT must be 0..65535');
  return { host: env.FLOOR_HOST || '127.0.0.1', port };
}

export function announce(address: AddressInfo | string | null): void {
  const info = typeof address === 'object' && address ? address : { address: String(address), port: 0 };
  process.stdout.write(`${JSON.stringify({ event: 'listening', host: info.address, port: info.port })}\n`);
}

/** SIGTERM / SIGINT run close() once and exit; a close that hangs is cut short after 5 s. */
export function exitOnSignal(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(1), 5_000).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
