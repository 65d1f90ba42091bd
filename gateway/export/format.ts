import type { EventRow, ExportText } from '../../contract/export/event-row.js';
import { endLine, errorLine, rowLine, type ExportFailure } from '../../contract/export/protocol.js';
import { textIn } from '../../contract/localized-text.js';

/** How an export is written for its client: NDJSON (the wire format itself) or CSV. */
export interface ExportFormat {
  contentType: string;
  header(): string;
  row(cursor: string, node: EventRow): string;
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

type Column = [header: string, value: (row: EventRow, lang: string) => string | number | boolean | null];

const text = (t: ExportText | null, lang: string) => (t ? textIn(t as never, lang) : null);

/** One column per scalar field; texts in the asked language (English, then the original, by default) and as written. */
const EVENT_COLUMNS: Column[] = [
  ['id', (r) => r.id],
  ['country', (r) => r.country],
  ['title', (r, lang) => text(r.title, lang)],
  ['title_original', (r) => r.title.original],
  ['title_original_lang', (r) => r.title.originalLang],
  ['summary', (r, lang) => text(r.summary, lang)],
  ['type', (r) => r.type],
  ['start_date', (r) => r.startDate],
  ['end_date', (r) => r.endDate],
  ['date_precision', (r) => r.datePrecision],
  ['city', (r) => r.city],
  ['venue', (r) => r.venue],
  ['online', (r) => r.online],
  ['programme_id', (r) => r.programmeId],
  ['participant_count', (r) => r.participantCount],
  ['presentation_count', (r) => r.presentationCount],
  ['themes', (r) => r.themes.join(';')],
  ['outcomes', (r, lang) => r.outcomes.map((o) => text(o, lang)).join('\n')],
  ['sources', (r) => r.sources.map((s) => s.document).join(';')],
  ['updated_at', (r) => r.updatedAt],
  ['version', (r) => r.version],
];

/**
 * CSV with a `cursor` last column (resume with `after=` any row's cursor), UTF-8 with a BOM so
 * Excel shows every script as written, CRLF line ends. Its last line says how it ended, as a
 * comment a BI tool skips (`#` first): `#end,<rows>` when complete, `#error,<code>,<country>,…`
 * when not (see docs/clients.md): a CSV without `#end` is never complete.
 */
export function csv(lang: string): ExportFormat {
  return {
    contentType: 'text/csv; charset=utf-8',
    header: () => `\uFEFF${[...EVENT_COLUMNS.map(([h]) => h), 'cursor'].join(',')}\r\n`,
    row: (cursor, node) => `${EVENT_COLUMNS.map(([, value]) => cell(value(node, lang))).join(',')},${cursor}\r\n`,
    end: (rows) => `#end,${rows}\r\n`,
    error: (e) => `#error,${[e.code, e.country ?? null, e.after ?? null, e.retryAfterSeconds ?? null, e.message].map(cell).join(',')}\r\n`,
  };
}
