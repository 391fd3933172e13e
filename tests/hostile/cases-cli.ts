import fs from 'node:fs';
import path from 'node:path';
import { HTML_BYTES, PDF_BYTES, SVG_BYTES, bmpRle8, pngWithSize } from '../helpers/images.ts';
import { breakPngCrc, plainImage } from './fixtures.ts';

// Command-line input files. A `score --jsonl` file holds one case per line and a `scan` folder one
// case per file, so the corpus stays large while only a few processes are started; the other
// commands are one process per case.

export type LineExpect = { error: RegExp } | { scored: true; flagged?: boolean } | { skipped: true };
export interface JsonlCase { name: string; line: string | Buffer; expect: LineExpect; defect?: number }

const SCAM = 'Contract military service in Russia for foreigners. $20,000 signing bonus. WhatsApp +374 55 123456';
const j = (o: unknown) => JSON.stringify(o);

/** Each line's id is its line number, so a result maps back to its case (error objects carry `line`). */
export const jsonlCases: JsonlCase[] = [
  { name: 'a line cut mid-object', line: '{"id":1,"text":', expect: { error: /not valid JSON/ } },
  { name: 'no text', line: j({ id: 0 }), expect: { error: /"text" must be a string/ } },
  { name: 'text as a number', line: j({ id: 0, text: 5 }), expect: { error: /"text" must be a string/ } },
  { name: 'text as null', line: j({ id: 0, text: null }), expect: { error: /"text" must be a string/ } },
  { name: 'text as an object', line: j({ id: 0, text: { $ne: 1 } }), expect: { error: /"text" must be a string/ } },
  { name: 'a JSON array', line: '[1,2,3]', expect: { error: /"text" must be a string/ } },
  { name: 'JSON null', line: 'null', expect: { error: /"text" must be a string/ } },
  { name: 'a JSON string', line: '"just text"', expect: { error: /"text" must be a string/ } },
  { name: 'trailing garbage after the object', line: '{"id":0,"text":"a"} trailing', expect: { error: /not valid JSON/ } },
  { name: 'a raw NUL byte inside the string', line: '{"id":0,"text":"a\u0000b"}', expect: { error: /not valid JSON/ } },
  { name: 'a __proto__ key', line: '{"id":0,"__proto__":{"text":"polluted"}}', expect: { error: /"text" must be a string/ } },
  { name: '100,000-deep nested arrays', line: `{"id":0,"text":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, expect: { error: /./ } },
  { name: 'an escaped NUL in the text', line: '{"id":0,"text":"drivers\\u0000 wanted"}', expect: { scored: true }, defect: 1 },
  { name: 'a lone surrogate in the text', line: '{"id":0,"text":"bonus \\ud800 here"}', expect: { scored: true }, defect: 4 },
  { name: 'terminal escapes in the id and text', line: '{"id":"\\u001b[2J\\u001b]0;pwned\\u0007","text":"\\u001b[31mred"}', expect: { scored: true }, defect: 4 },
  { name: 'bytes that are not UTF-8', line: Buffer.concat([Buffer.from('{"id":0,"text":"caf'), Buffer.from([0xe9, 0xff]), Buffer.from('"}')]), expect: { scored: true }, defect: 4 },
  { name: 'a CRLF line ending', line: `${j({ id: 0, text: 'crlf' })}\r`, expect: { scored: true } },
  { name: 'a line of only spaces', line: '    \t  ', expect: { skipped: true } },
  { name: 'a 1 MB text', line: j({ id: 0, text: 'Work in Russia, big salary. '.repeat(37_000) }), expect: { scored: true } },
  { name: '100,000 emoji', line: j({ id: 0, text: '\u{1F680}'.repeat(50_000) }), expect: { scored: true } },
  { name: '20,000 combining marks', line: j({ id: 0, text: `Z${'\u0301'.repeat(20_000)}` }), expect: { scored: true } },
  { name: 'zero-width characters inside the scam words', line: j({ id: 0, text: SCAM.replace(/(\w)(\w)/g, '$1\u200B$2') }), expect: { scored: true, flagged: true } },
  { name: 'an RTL override around a link', line: j({ id: 0, text: `${SCAM} \u202Emoc.bojhsif\u202C` }), expect: { scored: true, flagged: true } },
];

/** The JSONL file: a BOM-less UTF-8 file, one case per line; ids are replaced by line numbers where the line is an object with an id of 0. */
export function jsonlFile(): Buffer {
  return Buffer.concat(
    jsonlCases.flatMap((c, i) => {
      const line = typeof c.line === 'string' ? Buffer.from(c.line.replace('{"id":0,', `{"id":${i + 1},`)) : Buffer.from(c.line.toString('latin1').replace('{"id":0,', `{"id":${i + 1},`), 'latin1');
      return [line, Buffer.from('\n')];
    }),
  );
}

export type FileExpect = { error: RegExp } | { scored: true } | { problem: RegExp };
export interface ScanCase { name: string; file: string; make: (dir: string) => void | Promise<void>; expect: FileExpect; defect?: number }

const write = (file: string, bytes: Buffer | (() => Buffer | Promise<Buffer>)) => async (dir: string) =>
  fs.writeFileSync(path.join(dir, file), typeof bytes === 'function' ? await bytes() : bytes);

export const scanCases: ScanCase[] = [
  { name: 'a 20000x20000 PNG bomb', file: 'bomb.png', make: write('bomb.png', pngWithSize(20_000, 20_000)), expect: { error: /20000x20000/ } },
  { name: 'a PNG with a broken CRC', file: 'crc.png', make: write('crc.png', async () => breakPngCrc(await plainImage('png', 30))), expect: { error: /CRC/ }, defect: 6 },
  { name: 'a truncated JPEG', file: 'cut.jpg', make: write('cut.jpg', async () => (await plainImage('jpeg', 31)).subarray(0, 400)), expect: { error: /./ } },
  { name: 'a PDF renamed .jpg', file: 'pdf.jpg', make: write('pdf.jpg', PDF_BYTES), expect: { error: /application\/pdf/ } },
  { name: 'an SVG renamed .png', file: 'svg.png', make: write('svg.png', SVG_BYTES), expect: { error: /svg/ } },
  { name: 'an HTML file renamed .gif', file: 'page.gif', make: write('page.gif', HTML_BYTES), expect: { error: /html/ } },
  { name: 'a zero-byte .png', file: 'empty.png', make: write('empty.png', Buffer.alloc(0)), expect: { error: /unsupported file type/ } },
  { name: 'an RLE8 BMP declaring 30000x30000', file: 'rle.bmp', make: write('rle.bmp', () => bmpRle8(30_000, 30_000)), expect: { error: /30000x30000/ }, defect: 3 },
  { name: 'a text file with NUL bytes', file: 'nul.txt', make: write('nul.txt', Buffer.from(`${SCAM}\u0000\u0000 end`)), expect: { scored: true }, defect: 1 },
  { name: 'a text file that is not UTF-8', file: 'latin1.txt', make: write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0xfe, 0x0a])), expect: { scored: true }, defect: 4 },
  { name: 'a text file of terminal escapes', file: 'esc.txt', make: write('esc.txt', Buffer.from('\u001b[2J\u001b]0;pwned\u0007 salary')), expect: { scored: true }, defect: 4 },
  { name: 'an unreadable file', file: 'locked.png', make: async (dir) => { await write('locked.png', await plainImage('png', 32))(dir); fs.chmodSync(path.join(dir, 'locked.png'), 0); }, expect: { error: /./ } },
  { name: 'a folder named like an image', file: 'folder.png', make: (dir) => void fs.mkdirSync(path.join(dir, 'folder.png', 'inner'), { recursive: true }), expect: { problem: /./ } },
  { name: 'a symlink loop', file: 'loop', make: (dir) => fs.symlinkSync('.', path.join(dir, 'loop')), expect: { problem: /ELOOP|ENAMETOOLONG|too many/i } },
  { name: 'a readable tiny image alongside them', file: 'ok.png', make: write('ok.png', () => plainImage('png', 33)), expect: { scored: true } },
];

export interface CommandCase { name: string; args: (dir: string) => string[]; make?: (dir: string) => void | Promise<void>; expect: { code: number; stdout?: RegExp; stderr?: RegExp }; defect?: number }

const parsePage = (name: string, html: string | Buffer, expect: CommandCase['expect'], defect?: number): CommandCase => ({
  name: `channels parse: ${name}`,
  args: (dir) => ['channels', 'parse', path.join(dir, `${slug(name)}.html`), '--json'],
  make: (dir) => fs.writeFileSync(path.join(dir, `${slug(name)}.html`), html),
  expect,
  defect,
});
const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
const msg = (id: number, text: string) => `<div class="tgme_widget_message" data-post="chan/${id}"><div class="tgme_widget_message_text">${text}</div></div>`;
const history = (body: string) => `<html><body><section class="tgme_channel_history">${body}</section></body></html>`;

export const commandCases: CommandCase[] = [
  { name: 'score --jsonl of a missing file', args: (d) => ['score', '--jsonl', path.join(d, 'nope.jsonl')], expect: { code: 2, stderr: /no such file/ } },
  { name: 'score --jsonl of a folder', args: (d) => ['score', '--jsonl', d], expect: { code: 2, stderr: /no such file/ } },
  { name: 'score of an 11 MB file', args: (d) => ['score', path.join(d, 'big.txt')], make: (d) => fs.writeFileSync(path.join(d, 'big.txt'), Buffer.alloc(11 * 1024 * 1024, 'a')), expect: { code: 2, stderr: /over the 10485760-byte limit/ } },
  { name: 'score of a PNG file as text', args: (d) => ['score', path.join(d, 'img.png')], make: async (d) => fs.writeFileSync(path.join(d, 'img.png'), await plainImage('png', 40)), expect: { code: 0, stdout: /score \d+/ } },
  { name: 'scan of a path that does not exist', args: (d) => ['scan', path.join(d, 'missing-dir')], expect: { code: 2, stderr: /no such file or folder/ } },
  parsePage('nested deeper than the cap', history(`${msg(5, 'readable')}${'<span>'.repeat(2_000)}${msg(6, 'unreached')}`), { code: 0, stdout: /"readable"/, stderr: /nest deeper than 500/ }, 9),
  parsePage('100,000 posts in 9 MB', history(Array.from({ length: 100_000 }, (_, i) => msg(i + 1, `p${i}`)).join('')), { code: 0, stderr: /partly read|only the first|posts/ }, 9),
  parsePage('one 19 MB post', history(msg(1, 'x'.repeat(19 * 1024 * 1024))), { code: 0, stderr: /./ }, 9),
  parsePage('a 21 MB file', Buffer.alloc(21 * 1024 * 1024, 'a'), { code: 2, stderr: /over the 20971520-byte limit/ }),
  parsePage('binary garbage', Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 131) & 0xff)), { code: 0, stderr: /no channel history/ }),
  parsePage('an empty file', '', { code: 0, stderr: /no channel history/ }),
  parsePage('NUL bytes, escapes and lone surrogates', history(msg(1, 'a\u0000b\u001b[2J&#xD800;&#0;c')), { code: 0, stdout: /"text": "ab\[2J\\ufffd|"text": "ab/ }, 1),
  parsePage('bytes that are not UTF-8', Buffer.concat([Buffer.from(history(msg(1, 'caf'))).subarray(0, 90), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from(history(msg(2, 'ok')))]), { code: 0, stdout: /"posts"/ }, 4),
  parsePage('scripts and javascript: links', history(msg(1, '<script>alert(1)</script><a href="javascript:alert(2)">x</a>')), { code: 0, stdout: /"links": \[\]/ }, 5),
  parsePage('a post id of 13 digits', history(msg(1_234_567_890_123, 'too big')), { code: 0, stderr: /id/ }),
];
