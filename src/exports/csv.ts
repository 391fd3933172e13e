/**
 * CSV as RFC 4180 says: fields separated by commas, records by CRLF, a field with a comma, quote, CR
 * or LF in double quotes with its quotes doubled.
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or CR, which some
 * strip before looking) as a formula, so a scam post reading `=HYPERLINK("http://evil","click")`
 * would become a live link, or worse, in an analyst's spreadsheet. Such a cell gets a leading
 * apostrophe (OWASP's advice): spreadsheets show the text as typed, and a reader of the raw CSV sees
 * the apostrophe and knows why. A phone number like +37455111222 is neutralised too ('+374...).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;
