import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A grayscale PNG whose header declares width x height; the pixel data holds only `rows` rows of
 * zeros, so a 20000x20000 "decompression bomb" costs a few bytes to make and must be refused
 * from its header.
 */
export function pngWithSize(width: number, height: number, rows = 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc(Math.min(rows, height) * (width + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const SVG_BYTES = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
export const HTML_BYTES = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

/** A multipart/form-data body with the given files, for fastify's inject. */
export function multipartBody(files: Array<{ name: string; bytes: Buffer; type?: string }>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----rwtest${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'image/jpeg'}\r\n\r\n`));
    parts.push(f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A 1-bit BMP of width x height, all pixels black: 6 MB at 7000x7000, ~3 s of bmp-ts decoding. */
export function bmp1Bit(width: number, height: number): Buffer {
  const rowBytes = Math.ceil(width / 32) * 4;
  const offset = 14 + 40 + 8; // file header, BITMAPINFOHEADER, two-colour palette
  const buf = Buffer.alloc(offset + rowBytes * height);
  buf.write('BM', 0);
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(1, 28);
  buf.writeUInt32LE(rowBytes * height, 34);
  buf.writeUInt32LE(2, 46);
  buf.writeUInt32LE(0xffffff, 58); // palette entry 1 = white; 0 stays black
  return buf;
}

/** An RLE8 BMP declaring width x height whose pixel data is only end-of-line codes: ~2 bytes per row. */
export function bmpRle8(width: number, height: number): Buffer {
  const offset = 14 + 40 + 256 * 4;
  const rle = Buffer.alloc(height * 2 + 2);
  for (let r = 0; r < height; r++) rle.writeUInt16LE(0x0000, r * 2); // 00 00 = end of line
  rle.writeUInt16LE(0x0100, height * 2); // 00 01 = end of bitmap
  const head = Buffer.alloc(offset);
  head.write('BM', 0);
  head.writeUInt32LE(offset + rle.length, 2);
  head.writeUInt32LE(offset, 10);
  head.writeUInt32LE(40, 14);
  head.writeInt32LE(width, 18);
  head.writeInt32LE(height, 22);
  head.writeUInt16LE(1, 26);
  head.writeUInt16LE(8, 28);
  head.writeUInt32LE(1, 30); // BI_RLE8
  head.writeUInt32LE(rle.length, 34);
  head.writeUInt32LE(256, 46);
  return Buffer.concat([head, rle]);
}
