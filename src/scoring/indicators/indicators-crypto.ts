// Crypto addresses, checksum-verified so random words and hashes are not reported:
// BTC legacy (base58check), BTC bech32/bech32m, ETH/BEP20 (0x + 40 hex), TRON (base58check, 0x41).
import { createHash } from 'node:crypto';
import type { Indicator } from '../types.ts';

export interface CryptoFound {
  at: number;
  end: number;
  indicator: Indicator;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_INDEX = new Map([...B58].map((c, i) => [c, i]));

function base58Decode(s: string): Uint8Array | null {
  const bytes: number[] = [];
  for (const ch of s) {
    let carry = B58_INDEX.get(ch);
    if (carry === undefined) return null;
    for (let k = 0; k < bytes.length; k++) {
      carry += bytes[k] * 58;
      bytes[k] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let k = 0; k < s.length && s[k] === '1'; k++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

function sha256(b: Uint8Array): Buffer {
  return createHash('sha256').update(b).digest();
}

/** Version byte of a valid 25-byte base58check address, or -1. */
function base58CheckVersion(s: string): number {
  const bytes = base58Decode(s);
  if (!bytes || bytes.length !== 25) return -1;
  const check = sha256(sha256(bytes.subarray(0, 21)));
  for (let k = 0; k < 4; k++) if (check[k] !== bytes[21 + k]) return -1;
  return bytes[0];
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function bech32Valid(addr: string): boolean {
  const sep = addr.lastIndexOf('1');
  const hrp = addr.slice(0, sep);
  const data: number[] = [];
  for (const ch of addr.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const values = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...data];
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i];
  }
  return chk === 1 || chk === 0x2bc830a3; // bech32 or bech32m
}

const ADDRESS = /(?<![0-9A-Za-z])(?:(0x[0-9a-fA-F]{40})|(T[1-9A-HJ-NP-Za-km-z]{33})|([13][1-9A-HJ-NP-Za-km-z]{25,34})|((?:bc|BC)1[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}))(?![0-9A-Za-z])/g;

function classify(m: RegExpExecArray): Indicator | null {
  if (m[1]) return { type: 'crypto', value: m[1].toLowerCase(), detail: { chain: 'ETH' } };
  if (m[2]) return base58CheckVersion(m[2]) === 0x41 ? { type: 'crypto', value: m[2], detail: { chain: 'TRON' } } : null;
  if (m[3]) {
    const v = base58CheckVersion(m[3]);
    return v === 0 || v === 5 ? { type: 'crypto', value: m[3], detail: { chain: 'BTC' } } : null;
  }
  const lower = m[4].toLowerCase();
  if (m[4] !== lower && m[4] !== m[4].toUpperCase()) return null;
  return bech32Valid(lower) ? { type: 'crypto', value: lower, detail: { chain: 'BTC' } } : null;
}

export function findCrypto(text: string): CryptoFound[] {
  const found: CryptoFound[] = [];
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) {
    const indicator = classify(m);
    if (indicator) found.push({ at: m.index, end: m.index + m[0].length, indicator });
  }
  return found;
}
