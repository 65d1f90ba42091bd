import type { CsvColumn } from './kinds';

/**
 * CSV as spreadsheets and BI tools read it (RFC 4180: comma-separated, CRLF line ends, a field
 * quoted when it holds a comma, quote or line break, quotes doubled), UTF-8 with a byte-order
 * mark so Excel shows Cyrillic, Azerbaijani and Vietnamese titles as written. Pure and tiny, so
 * hand-written rather than a library: the export worker formats one page at a time with it.
 */

export const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a
 * leading apostrophe, as OWASP advises for CSV files opened in spreadsheets; numbers stay
 * numbers (`-3` is not a formula).
 */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? defuse(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: CsvColumn[]): string {
  return `${columns.map((c) => csvCell(c.header)).join(',')}\r\n`;
}

export function csvRows(columns: CsvColumn[], rows: unknown[]): string {
  return rows.map((row) => `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`).join('');
}
