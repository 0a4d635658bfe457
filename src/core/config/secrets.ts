import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedSecrets {
  adminToken: string;
  jwtSecret: string;
  h5JwtSecret: string;
  encryptionKey: string;
  wechatCallbackSecret: string;
}

export const SECRETS_FILE = 'secrets.json';

const generators: Record<keyof GeneratedSecrets, () => string> = {
  adminToken: () => `ocm_admin_${randomBytes(24).toString('base64url')}`,
  jwtSecret: () => randomBytes(48).toString('base64url'),
  h5JwtSecret: () => randomBytes(48).toString('base64url'),
  encryptionKey: () => randomBytes(32).toString('base64'),
  wechatCallbackSecret: () => randomBytes(24).toString('base64url'),
};

/**
 * Secrets given in the environment win; missing ones are read from DATA_DIR/secrets.json,
 * or generated once and written there (mode 0600) so that tokens survive restarts.
 */
export function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: Partial<Record<keyof GeneratedSecrets, string | undefined>>,
): { secrets: GeneratedSecrets; generated: Array<keyof GeneratedSecrets> } {
  const file = join(dataDir, SECRETS_FILE);
  const stored: Partial<GeneratedSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const generated: Array<keyof GeneratedSecrets> = [];
  const secrets = {} as GeneratedSecrets;
  for (const name of Object.keys(generators) as Array<keyof GeneratedSecrets>) {
    const value = fromEnv[name] ?? stored[name];
    if (value) {
      secrets[name] = value;
    } else {
      secrets[name] = generators[name]();
      generated.push(name);
    }
  }
  if (generated.length > 0) {
    mkdirSync(dataDir, { recursive: true });
    const toStore = { ...stored };
    for (const name of generated) toStore[name] = secrets[name];
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(toStore, null, 2), { mode: 0o600 });
    renameSync(tmp, file);
    chmodSync(file, 0o600);
  }
  return { secrets, generated };
}
