import argon2 from 'argon2';

/** argon2id; only the hash is ever stored. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// verifying against a real hash keeps unknown-user logins as slow as wrong-password ones
let decoyHash: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy-password-for-timing');
  await verifyPassword(await decoyHash, password);
  return false;
}
