import { crc32 } from 'node:zlib';

const SIGNATURE_LENGTH = 8;

/**
 * The first PNG chunk whose CRC does not match its bytes, or null when all do. libvips (sharp)
 * decodes such a file, but Tesseract's reader refuses it with "Unknown error", three times over:
 * checking here refuses it at upload with a reason instead.
 */
export function pngCrcProblem(buf: Buffer): string | null {
  let at = SIGNATURE_LENGTH;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const end = at + 8 + length;
    if (end + 4 > buf.length) return `the ${type} chunk at byte ${at} runs past the end of the file`;
    const expected = buf.readUInt32BE(end);
    if (crc32(buf.subarray(at + 4, end)) !== expected) return `the ${type} chunk at byte ${at} fails its CRC check (the file is damaged)`;
    if (type === 'IEND') return null;
    at = end + 4;
  }
  return 'the file ends before its IEND chunk';
}
