import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a registration gave us, kept so that a restarted connector reuses its gateway instead of registering anew. */
export interface ConnectorState {
  api_url: string;
  name: string;
  gateway_id: string;
  relay_ws_url: string;
  relay_token: string;
  heartbeat_interval_seconds: number;
  registered_at: string;
}

/** The saved registration when it is for this API and name; undefined when absent, unreadable or for another. */
export function loadState(path: string, wanted: { apiUrl: string; name: string }): ConnectorState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isState(parsed)) return undefined;
  return parsed.api_url === wanted.apiUrl && parsed.name === wanted.name ? parsed : undefined;
}

/** Written whole or not at all (temp file + rename), readable by its owner only: it holds the relay token. */
export function saveState(path: string, state: ConnectorState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    rmSync(temp, { force: true });
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function isState(value: unknown): value is ConnectorState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    ['api_url', 'name', 'gateway_id', 'relay_ws_url', 'relay_token', 'registered_at'].every((key) => typeof state[key] === 'string' && state[key] !== '') &&
    typeof state.heartbeat_interval_seconds === 'number' &&
    state.heartbeat_interval_seconds > 0
  );
}
