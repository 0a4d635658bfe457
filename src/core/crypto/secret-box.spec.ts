import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

const box = (key = randomBytes(32).toString('base64')) => new SecretBox({ encryptionKey: key } as AppConfig);

describe('SecretBox', () => {
  it('opens what it sealed, with a fresh nonce each time', () => {
    const secrets = box();
    const sealed = secrets.seal('whsec_abc');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('whsec_abc');
    expect(secrets.seal('whsec_abc')).not.toBe(sealed);
    expect(secrets.open(sealed)).toBe('whsec_abc');
  });

  it('refuses a tampered box and a box sealed under another key', () => {
    const secrets = box();
    const sealed = secrets.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => secrets.open(parts.join('.'))).toThrow();
    expect(() => box().open(sealed)).toThrow();
    expect(() => secrets.open('plain text')).toThrow('Not a sealed secret');
  });
});
