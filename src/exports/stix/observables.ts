import { scoId, sdoId } from './ids.ts';
import { parsePattern, patternString, type Comparison } from './pattern.ts';

/**
 * How each kind of recruitwatch indicator is written in STIX 2.1, and read back.
 *
 * STIX 2.1 has Cyber-observable Objects (SCOs) for URLs (`url`), e-mail addresses (`email-addr`) and
 * accounts (`user-account`), none for a phone number or a cryptocurrency wallet. So:
 * - e-mail: `[email-addr:value = 'a@b.c']`.
 * - link: recruitwatch links items by host and path (no scheme, query or "www."), so the pattern
 *   matches both schemes: `[url:value = 'https://host/path' OR url:value = 'http://host/path']`; the
 *   observed `url` object reads https://.
 * - Telegram handle: an account, `[user-account:account_type = 'telegram' AND user-account:account_login = 'name']`
 *   (account_type is an open vocabulary; the login is the handle without "@"); a Telegram invite link
 *   (t.me/+...) is a `url`.
 * - WhatsApp number: an account too, account_type 'whatsapp', login the E.164 number; a WhatsApp group
 *   or message link (chat.whatsapp.com/..., wa.me/message/...) is a `url`.
 * - phone number and wallet: new SCO types defined by two extension-definition objects in the bundle
 *   (STIX 2.1 §7.3, extension_type new-sco): `x-recruitwatch-phone-number` (value: E.164) and
 *   `x-recruitwatch-crypto-wallet` (value: the address; chain: BTC, ETH, TRON). The x- prefix keeps
 *   them clear of any future standard type, and validators that do not know the extension accept
 *   them as custom observables. Their patterns are `[x-recruitwatch-phone-number:value = '+374...']`.
 * - image: a flyer's near-duplicate cluster is named by the SHA-256 of its first image, a `file`:
 *   `[file:hashes.'SHA-256' = '...']` (it matches exact copies of that image).
 * Money amounts link nothing and are not exported as STIX.
 */
export const STIX_INDICATOR_TYPES = ['phone', 'whatsapp', 'telegram', 'email', 'url', 'crypto', 'image'] as const;

export const PHONE_SCO = 'x-recruitwatch-phone-number';
export const WALLET_SCO = 'x-recruitwatch-crypto-wallet';
export const PHONE_EXTENSION_ID = sdoId('extension-definition', PHONE_SCO);
export const WALLET_EXTENSION_ID = sdoId('extension-definition', WALLET_SCO);

export type Sco = { type: string; spec_version: '2.1'; id: string; [k: string]: unknown };

const LINK_HOSTS = /^(t\.me|chat\.whatsapp\.com|wa\.me)\//;

function urlSco(value: string): Sco {
  return { type: 'url', spec_version: '2.1', id: scoId('url', { value }), value };
}
function accountSco(accountType: string, login: string): Sco {
  return { type: 'user-account', spec_version: '2.1', id: scoId('user-account', { account_login: login, account_type: accountType }), account_type: accountType, account_login: login };
}
function customSco(type: string, extensionId: string, value: string, extra: Record<string, string> = {}): Sco {
  return { type, spec_version: '2.1', id: scoId(type, { value }), value, ...extra, extensions: { [extensionId]: { extension_type: 'new-sco' } } };
}
const accountPattern = (accountType: string, login: string) =>
  `[user-account:account_type = ${patternString(accountType)} AND user-account:account_login = ${patternString(login)}]`;

/** The observed object and the indicator pattern of one recruitwatch indicator; undefined for a type STIX does not carry. */
export function toStix(type: string, value: string, detail?: Record<string, string | number> | null): { sco: Sco; pattern: string } | undefined {
  switch (type) {
    case 'email':
      return { sco: { type: 'email-addr', spec_version: '2.1', id: scoId('email-addr', { value }), value }, pattern: `[email-addr:value = ${patternString(value)}]` };
    case 'url':
      return { sco: urlSco(`https://${value}`), pattern: `[url:value = ${patternString(`https://${value}`)} OR url:value = ${patternString(`http://${value}`)}]` };
    case 'telegram':
    case 'whatsapp':
      if (LINK_HOSTS.test(value)) return { sco: urlSco(`https://${value}`), pattern: `[url:value = ${patternString(`https://${value}`)}]` };
      if (type === 'telegram') return { sco: accountSco('telegram', value.replace(/^@/, '')), pattern: accountPattern('telegram', value.replace(/^@/, '')) };
      return { sco: accountSco('whatsapp', value), pattern: accountPattern('whatsapp', value) };
    case 'phone':
      return { sco: customSco(PHONE_SCO, PHONE_EXTENSION_ID, value, typeof detail?.country === 'string' ? { country: detail.country } : {}), pattern: `[${PHONE_SCO}:value = ${patternString(value)}]` };
    case 'crypto':
      return { sco: customSco(WALLET_SCO, WALLET_EXTENSION_ID, value, typeof detail?.chain === 'string' ? { chain: detail.chain } : {}), pattern: `[${WALLET_SCO}:value = ${patternString(value)}]` };
    case 'image':
      return { sco: { type: 'file', spec_version: '2.1', id: scoId('file', { hashes: { 'SHA-256': value } }), hashes: { 'SHA-256': value } }, pattern: `[file:hashes.'SHA-256' = ${patternString(value)}]` };
    default:
      return undefined;
  }
}

function fromUrl(url: string): { type: string; value: string } {
  const rest = url.replace(/^https?:\/\//, '');
  if (rest.startsWith('t.me/')) return { type: 'telegram', value: rest };
  if (/^(chat\.whatsapp\.com|wa\.me)\//.test(rest)) return { type: 'whatsapp', value: rest };
  return { type: 'url', value: rest };
}

/** The recruitwatch indicators a STIX pattern names: toStix read backwards (what a partner's tool would match on). */
export function indicatorsOfPattern(pattern: string): Array<{ type: string; value: string }> {
  const comparisons = parsePattern(pattern);
  const found = new Map<string, { type: string; value: string }>();
  const add = (i: { type: string; value: string }) => found.set(`${i.type}\u0000${i.value}`, i);
  const eq = (c: Comparison, prop: string) => c.operator === '=' && !c.negated && c.path.length === 1 && c.path[0] === prop && typeof c.value === 'string';
  const accounts = comparisons.filter((c) => c.objectType === 'user-account');
  const accountType = accounts.find((c) => eq(c, 'account_type'))?.value as string | undefined;
  for (const c of comparisons) {
    if (c.objectType === 'url' && eq(c, 'value')) add(fromUrl(c.value as string));
    else if (c.objectType === 'email-addr' && eq(c, 'value')) add({ type: 'email', value: c.value as string });
    else if (c.objectType === PHONE_SCO && eq(c, 'value')) add({ type: 'phone', value: c.value as string });
    else if (c.objectType === WALLET_SCO && eq(c, 'value')) add({ type: 'crypto', value: c.value as string });
    else if (c.objectType === 'file' && c.operator === '=' && !c.negated && c.path.join('.') === 'hashes.SHA-256' && typeof c.value === 'string') add({ type: 'image', value: c.value });
    else if (c.objectType === 'user-account' && eq(c, 'account_login')) {
      if (accountType === 'telegram') add({ type: 'telegram', value: `@${c.value as string}` });
      else if (accountType === 'whatsapp') add({ type: 'whatsapp', value: c.value as string });
    }
  }
  return [...found.values()];
}

/** The two extension definitions the custom SCOs name (STIX 2.1 §7.3); the schema is a plain-text definition. */
export function extensionDefinitions(identityId: string, created: string) {
  const def = (id: string, type: string, name: string, schema: string) => ({
    type: 'extension-definition', spec_version: '2.1', id, created_by_ref: identityId, created, modified: created,
    name, description: `A new Cyber-observable Object type, ${type}, used in recruitwatch exports.`, schema, version: '1.0.0', extension_types: ['new-sco'],
  });
  return [
    def(PHONE_EXTENSION_ID, PHONE_SCO, 'recruitwatch phone number',
      `${PHONE_SCO}: a telephone number seen in recruitment-scam material. Properties: value (required, string): the number in E.164 form, e.g. +37455111222; country (optional, string): its ISO 3166-1 alpha-2 country. id: UUIDv5 over {"value"} in the SCO namespace (STIX 2.1 section 2.9).`),
    def(WALLET_EXTENSION_ID, WALLET_SCO, 'recruitwatch cryptocurrency wallet',
      `${WALLET_SCO}: a cryptocurrency wallet address seen in recruitment-scam material. Properties: value (required, string): the address as written (Ethereum addresses lower-case); chain (optional, string): BTC, ETH or TRON. id: UUIDv5 over {"value"} in the SCO namespace (STIX 2.1 section 2.9).`),
  ];
}
