import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, yet cheap enough for 2-core servers.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let dummyHash: Promise<string> | undefined;

/** Hashes a password with argon2id. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/**
 * Checks a password against a stored hash. With no hash (unknown user) it still runs one argon2
 * verification, so response time does not reveal whether an email is registered.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    dummyHash ??= argon2.hash('not-a-real-password', OPTIONS);
    await argon2.verify(await dummyHash, password);
    return false;
  }
  return argon2.verify(hash, password);
}
