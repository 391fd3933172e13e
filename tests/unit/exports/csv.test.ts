import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../src/exports/csv.ts';

describe('CSV cells', () => {
  it('quotes what RFC 4180 says to quote and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://evil.example","click")', '+37455111222', '-2+3', '@SUM(A1)', '\tcmd', '\r=1']) {
      const [[cell]] = parse(csvRow([evil]), { relax_column_count: true }) as string[][];
      expect(cell).toBe(`'${evil}`);
    }
    expect(csvCell('a=b')).toBe('a=b'); // only a leading sign starts a formula
  });

  it('writes rows a CSV parser reads back cell for cell', () => {
    const cells = ['id-1', 'text with "quotes", commas\r\nand lines', '', '=1+1', 'ünïcødé'];
    const rows = parse(csvRow(cells) + csvRow(['x', 'y', 'z', 'w', 'v'])) as string[][];
    expect(rows).toEqual([['id-1', 'text with "quotes", commas\r\nand lines', '', "'=1+1", 'ünïcødé'], ['x', 'y', 'z', 'w', 'v']]);
    expect(csvRow(['a', 'b']).endsWith('\r\n')).toBe(true);
  });
});
