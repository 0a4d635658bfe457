import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random credential with a readable prefix (`agt_`, `h5r_`, `gw_reg_`, `relay_`). */
export function generateToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Tokens that only need to be checked are stored as SHA-256 hex and found by one indexed lookup. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** The credential of an `Authorization: Bearer <token>` header, if any. */
export function bearerTokenOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}
