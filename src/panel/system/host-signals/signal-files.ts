import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The signal-file protocol between this service and `scripts/host-watcher.mjs` (which repeats these
 * names: it is plain Node without access to this code). All files are JSON, written atomically.
 *
 *   <openclawHome>/.clawpanel/signals/
 *     <id>.<action>.request.json   written by the panel: {format, id, action, requestedAt, params}
 *     <id>.<action>.claimed.json   the watcher renames the request to this before running it
 *     <id>.<action>.status.json    written by the watcher: {id, action, status, startedAt, finishedAt,
 *                                  exitCode, command, output, log, error, params (secrets removed)}
 *     watcher.json                 the watcher's heartbeat: {pid, hostname, lastSeenAt, publicKey, …}
 *
 * Ids are `<epoch ms, 13 digits>-<8 hex>` so that names sort by request time.
 */
export const SIGNAL_FORMAT = 1;
export const SIGNAL_ACTIONS = ['restart-gateway', 'update-openclaw'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];
export type SignalFileKind = 'request' | 'claimed' | 'status';

export const SIGNAL_FILE_PATTERN = /^(\d{13}-[0-9a-f]{8})\.(restart-gateway|update-openclaw)\.(request|claimed|status)\.json$/;
export const WATCHER_FILE = 'watcher.json';

/** How recent the watcher's heartbeat must be for it to count as running. */
export const WATCHER_ALIVE_MS = 15_000;

export const signalsDir = (openclawHome: string) => join(openclawHome, '.clawpanel', 'signals');

export const signalFileName = (id: string, action: SignalAction, kind: SignalFileKind) => `${id}.${action}.${kind}.json`;

export function newSignalId(now = Date.now()): string {
  return `${String(now).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
}

export interface SignalRequest {
  format: number;
  id: string;
  action: SignalAction;
  requestedAt: string;
  params: {
    reason?: string;
    version?: string;
    /** The stored sudo password, sealed with the watcher's public key (RSA-OAEP, SHA-256). */
    sudoPassword?: { alg: 'RSA-OAEP-256'; data: string };
  };
}

export interface SignalStatusFile {
  id: string;
  action: SignalAction;
  status: 'running' | 'success' | 'failed';
  requestedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number | null;
  command?: string;
  output?: string;
  log?: string[];
  error?: string;
  params?: Record<string, unknown>;
}

export interface WatcherHeartbeat {
  format?: number;
  pid?: number;
  hostname?: string;
  startedAt?: string;
  lastSeenAt?: string;
  publicKey?: string;
}
