import { endLine, errorLine, rowLine, type ExportFailure } from '../../contract/export/protocol.js';
import { textIn, type LocalizedText } from '../../contract/localized-text.js';
import type { RowField, ValueShape } from '../sharding/spec.js';

type Row = Record<string, unknown>;

/** How an export is written for its client: NDJSON (the wire format itself) or CSV. */
export interface ExportFormat {
  contentType: string;
  header(): string;
  row(cursor: string, node: Row): string;
  end(rows: number): string;
  error(error: ExportFailure['error']): string;
}

export const ndjson: ExportFormat = {
  contentType: 'application/x-ndjson; charset=utf-8',
  header: () => '',
  row: rowLine,
  end: endLine,
  error: errorLine,
};

/**
 * A cell as spreadsheets and BI tools read it (RFC 4180), with formula-looking text defused as
 * OWASP advises (a leading apostrophe), the same rules as the explorer's CSV (web/explorer/csv.ts,
 * which the gateway cannot import). Hand-written: a few lines, called per cell on the hot path.
 */
function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Cell = string | number | boolean | null;
type Column = [header: string, value: (row: Row, lang: string) => Cell];

/** A text kept in its original language with translations (contract/localized-text.ts), known by its fields. */
function isText(shape: ValueShape): boolean {
  return shape.kind === 'object' && ['original', 'originalLang', 'translations'].every((f) => shape.fields.some((x) => x.name === f));
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One value as one cell's text: a text in the asked language, an object by its first field. */
function oneCell(shape: ValueShape, value: unknown, lang: string): Cell {
  if (value === null || value === undefined) return null;
  if (isText(shape)) return textIn(value as LocalizedText, lang);
  if (shape.kind === 'object') {
    const first = shape.fields[0];
    return first ? cellOf(first, (value as Row)[first.key], lang) : null;
  }
  return value as Cell;
}

/** A field's value as one cell: a list's items joined (texts one a line, anything else by `;`). */
function cellOf(field: RowField, value: unknown, lang: string): Cell {
  if (!field.list) return oneCell(field.shape, value, lang);
  if (!Array.isArray(value)) return null;
  return value.map((v) => oneCell(field.shape, v, lang) ?? '').join(isText(field.shape) ? '\n' : ';');
}

/**
 * One column per declared field, named in snake case, in the declared order; a single text also
 * as written (`_original`, `_original_lang`), its own column in the asked language (English, then
 * the original, by default).
 */
export function csvColumns(fields: readonly RowField[]): Column[] {
  return fields.flatMap((field): Column[] => {
    const name = snake(field.key);
    const column: Column = [name, (row, lang) => cellOf(field, row[field.key], lang)];
    if (field.list || !isText(field.shape)) return [column];
    const text = (row: Row) => row[field.key] as LocalizedText | null;
    return [column, [`${name}_original`, (row) => text(row)?.original ?? null], [`${name}_original_lang`, (row) => text(row)?.originalLang ?? null]];
  });
}

/**
 * CSV with a `cursor` last column (resume with `after=` any row's cursor), UTF-8 with a BOM so
 * Excel shows every script as written, CRLF line ends. Its last line says how it ended, as a
 * comment a BI tool skips (`#` first): `#end,<rows>` when complete, `#error,<code>,<country>,…`
 * when not (see docs/clients.md): a CSV without `#end` is never complete.
 */
export function csv(fields: readonly RowField[], lang: string): ExportFormat {
  const columns = csvColumns(fields);
  return {
    contentType: 'text/csv; charset=utf-8',
    header: () => `\uFEFF${[...columns.map(([h]) => h), 'cursor'].join(',')}\r\n`,
    row: (cursor, node) => `${columns.map(([, value]) => cell(value(node, lang))).join(',')},${cursor}\r\n`,
    end: (rows) => `#end,${rows}\r\n`,
    error: (e) => `#error,${[e.code, e.country ?? null, e.after ?? null, e.retryAfterSeconds ?? null, e.message].map(cell).join(',')}\r\n`,
  };
}
