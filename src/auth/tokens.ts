import { createHash, randomBytes } from 'node:crypto';

/** A new API token: shown once to its owner, stored only as a hash. */
export function generateToken(): string {
  return `rw_${randomBytes(32).toString('base64url')}`;
}

// Tokens carry 256 random bits, so a fast hash is enough (no password stretching needed).
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
