import { DatePrecision, EventType, TextOrigin, Theme } from '../enums.js';
import { isIsoDate } from '../scalars.js';

/**
 * One event as the bulk export carries it: the fields of the GraphQL `Event` that every reader
 * may see, flat (`country` is the code, `programmeId` the programme's id), in the schema's field
 * order. Record history is for editors and analysts only and is never exported; the node's
 * internal columns (search text, covered range, sort keys) are not fields and never leave it.
 */
export interface ExportText {
  original: string;
  originalLang: string;
  translations: Array<{ lang: string; text: string; origin: TextOrigin }>;
}

export interface ExportSource {
  document: string;
  excerpt: string | null;
  note: string | null;
}

export interface EventRow {
  id: string;
  country: string;
  title: ExportText;
  summary: ExportText | null;
  type: EventType;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  city: string | null;
  venue: string | null;
  online: boolean;
  programmeId: string | null;
  participantCount: number | null;
  presentationCount: number | null;
  themes: Theme[];
  outcomes: ExportText[];
  sources: ExportSource[];
  updatedAt: string;
  version: number;
}

/** A value that is not what the export promises; the message names where (`title.translations.0.lang`). */
export class RowError extends Error {}

const EVENT_TYPES = new Set<string>(Object.values(EventType));
const THEMES = new Set<string>(Object.values(Theme));
const PRECISIONS = new Set<string>(Object.values(DatePrecision));
const ORIGINS = new Set<string>(Object.values(TextOrigin));
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function fail(path: string, what: string): never {
  throw new RowError(`${path} ${what}`);
}

function obj(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'is not an object');
  return value as Record<string, unknown>;
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'is not a string');
  return value as string;
}

function optStr(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : str(value, path);
}

function int(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(path, 'is not an integer');
  return value as number;
}

function optInt(value: unknown, path: string): number | null {
  return value === null || value === undefined ? null : int(value, path);
}

/** Dates repeat across rows; checking one builds a Date, so the last few thousand accepted are remembered. */
const validDates = new Set<string>();

function optDate(value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && validDates.has(value)) return value;
  if (typeof value !== 'string' || !isIsoDate(value)) fail(path, 'is not a date (YYYY-MM-DD)');
  if (validDates.size >= 4096) validDates.clear();
  validDates.add(value as string);
  return value as string;
}

function oneOf<T extends string>(set: Set<string>, value: unknown, path: string): T {
  if (typeof value !== 'string' || !set.has(value)) fail(path, 'is not an allowed value');
  return value as T;
}

function list<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(value)) fail(path, 'is not a list');
  return (value as unknown[]).map((v, i) => item(v, `${path}.${i}`));
}

/** Also the node's way of shaping a stored text: only the keys the schema has, in its order. */
export function exportText(value: unknown, path: string): ExportText {
  const t = obj(value, path);
  return {
    original: str(t.original, `${path}.original`),
    originalLang: str(t.originalLang, `${path}.originalLang`),
    translations: list(t.translations, `${path}.translations`, (v, p) => {
      const tr = obj(v, p);
      return { lang: str(tr.lang, `${p}.lang`), text: str(tr.text, `${p}.text`), origin: oneOf<TextOrigin>(ORIGINS, tr.origin, `${p}.origin`) };
    }),
  };
}

function exportSource(value: unknown, path: string): ExportSource {
  const s = obj(value, path);
  return { document: str(s.document, `${path}.document`), excerpt: optStr(s.excerpt, `${path}.excerpt`), note: optStr(s.note, `${path}.note`) };
}

/**
 * Checks an event row and rebuilds it with exactly the export's keys in their order, so what a
 * client gets is canonical whatever the sender wrote (a node's line is untrusted data). The
 * node uses the same function on its own rows, so both sides agree on the shape.
 */
export function checkEventRow(value: unknown): EventRow {
  const r = obj(value, 'node');
  return {
    id: str(r.id, 'node.id'),
    country: str(r.country, 'node.country'),
    title: exportText(r.title, 'node.title'),
    summary: r.summary === null || r.summary === undefined ? null : exportText(r.summary, 'node.summary'),
    type: oneOf<EventType>(EVENT_TYPES, r.type, 'node.type'),
    startDate: optDate(r.startDate, 'node.startDate'),
    endDate: optDate(r.endDate, 'node.endDate'),
    datePrecision: oneOf<DatePrecision>(PRECISIONS, r.datePrecision, 'node.datePrecision'),
    city: optStr(r.city, 'node.city'),
    venue: optStr(r.venue, 'node.venue'),
    online: typeof r.online === 'boolean' ? r.online : fail('node.online', 'is not a boolean'),
    programmeId: optStr(r.programmeId, 'node.programmeId'),
    participantCount: optInt(r.participantCount, 'node.participantCount'),
    presentationCount: optInt(r.presentationCount, 'node.presentationCount'),
    themes: list(r.themes, 'node.themes', (v, p) => oneOf<Theme>(THEMES, v, p)),
    outcomes: list(r.outcomes, 'node.outcomes', exportText),
    sources: list(r.sources, 'node.sources', exportSource),
    updatedAt: typeof r.updatedAt === 'string' && DATE_TIME.test(r.updatedAt) ? r.updatedAt : fail('node.updatedAt', 'is not a DateTime'),
    version: int(r.version, 'node.version'),
  };
}
