import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadAppConfig, parseEnvironment } from './app-config';

describe('parseEnvironment', () => {
  it('applies the documented defaults', () => {
    const vars = parseEnvironment({});
    expect(vars).toMatchObject({ PORT: 8000, HOST: '0.0.0.0', DATA_DIR: './data', AUTH_MODE: 'local', BODY_LIMIT: '1mb' });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be an integer number \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT must not be greater than 65535/],
    [{ AUTH_MODE: 'ldap' }, /AUTH_MODE must be one of the following values: local, clerk/],
    [{ DATABASE_URL: 'mysql://db/x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ AUTH_MODE: 'clerk' }, /CLERK_JWKS_URL is required when AUTH_MODE=clerk/],
    [{ AUTH_MODE: 'clerk', CLERK_JWKS_URL: 'https://clerk.test/jwks' }, /CLERK_ISSUER is required when AUTH_MODE=clerk/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be longer than or equal to 32 characters$/],
    [{ LOCAL_AUTH_TOKEN: 'a'.repeat(20), ADMIN_TOKEN: 'b'.repeat(20) }, /aliases and must match/],
    [{ EMBEDDING_DIM: '4096' }, /EMBEDDING_DIM must not be greater than 2000/],
    [{ EMBEDDING_URL: 'ftp://models' }, /EMBEDDING_URL must be a URL address/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => parseEnvironment(env)).toThrow(ConfigurationError);
    expect(() => parseEnvironment(env)).toThrow(message);
  });

  it('never echoes a secret it refuses', () => {
    expect(() => parseEnvironment({ JWT_SECRET: 'hunter2' })).toThrow(/^(?!.*hunter2)/);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnvironment({ DATABASE_URL: '', PORT: '' })).toMatchObject({ DATABASE_URL: undefined, PORT: 8000 });
  });
});

describe('loadAppConfig secrets', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mc-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates missing secrets once, keeps them private in DATA_DIR, and reuses them', () => {
    const first = loadAppConfig({ DATA_DIR: dataDir });
    expect(first.generatedSecrets).toEqual(['adminToken', 'jwtSecret', 'h5JwtSecret', 'encryptionKey', 'wechatCallbackSecret']);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      adminToken: first.adminToken,
      jwtSecret: first.jwtSecret,
      h5JwtSecret: first.h5JwtSecret,
      encryptionKey: first.encryptionKey,
      wechatCallbackSecret: first.panel.wechat.callbackSecret,
    });
    expect(Buffer.from(first.encryptionKey, 'base64')).toHaveLength(32);
    expect(first.jwtSecret).not.toBe(first.h5JwtSecret);

    const second = loadAppConfig({ DATA_DIR: dataDir });
    expect(second.generatedSecrets).toEqual([]);
    expect(second.adminToken).toBe(first.adminToken);
  });

  it('prefers secrets from the environment, with ADMIN_TOKEN as an alias', () => {
    const config = loadAppConfig({ DATA_DIR: dataDir, ADMIN_TOKEN: 'given-admin-token-123', JWT_SECRET: 'j'.repeat(40) });
    expect(config.adminToken).toBe('given-admin-token-123');
    expect(config.jwtSecret).toBe('j'.repeat(40));
    expect(config.generatedSecrets).toEqual(['h5JwtSecret', 'encryptionKey', 'wechatCallbackSecret']);
  });

  it('refuses one secret for both JWT kinds', () => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(40), H5_JWT_SECRET: 's'.repeat(40) })).toThrow(
      /H5_JWT_SECRET must differ from JWT_SECRET/,
    );
  });
});
