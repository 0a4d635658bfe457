import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorState, loadState, saveState } from './connector-state';

const STATE: ConnectorState = {
  api_url: 'http://mc.example:8000',
  name: 'office-01',
  gateway_id: '6f1c7f9e-7c3a-4d55-9d0e-2b0c1f1d9a11',
  relay_ws_url: 'ws://mc.example:8000/ws/gateway/6f1c7f9e-7c3a-4d55-9d0e-2b0c1f1d9a11/relay',
  relay_token: 'relay_secret',
  heartbeat_interval_seconds: 30,
  registered_at: '2026-11-22T08:00:00.000Z',
};

describe('connector state file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'connector-state-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves into a new folder, readable by its owner only, and loads back for the same API and name', () => {
    const path = join(dir, 'nested', 'connector-office-01.json');
    saveState(path, STATE);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['connector-office-01.json']);
    expect(loadState(path, { apiUrl: STATE.api_url, name: STATE.name })).toEqual(STATE);
  });

  it('is not reused for another API or another name', () => {
    const path = join(dir, 'state.json');
    saveState(path, STATE);

    expect(loadState(path, { apiUrl: 'http://other:8000', name: STATE.name })).toBeUndefined();
    expect(loadState(path, { apiUrl: STATE.api_url, name: 'office-02' })).toBeUndefined();
  });

  it('ignores a missing, corrupt or incomplete file', () => {
    const path = join(dir, 'state.json');
    expect(loadState(path, { apiUrl: STATE.api_url, name: STATE.name })).toBeUndefined();
    writeFileSync(path, '{"api_url": "http://mc.example:8000", trunc');
    expect(loadState(path, { apiUrl: STATE.api_url, name: STATE.name })).toBeUndefined();
    writeFileSync(path, JSON.stringify({ ...STATE, relay_token: '' }));
    expect(loadState(path, { apiUrl: STATE.api_url, name: STATE.name })).toBeUndefined();
  });

  it('replaces the previous registration whole, even when the old file was readable by others', () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, JSON.stringify(STATE), { mode: 0o644 });
    saveState(path, { ...STATE, relay_token: 'relay_new' });

    expect(JSON.parse(readFileSync(path, 'utf8')).relay_token).toBe('relay_new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});
