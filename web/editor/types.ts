/** Shapes the editor reads and writes (no DOM here, so the unit tests can import them). */

export interface Translation {
  lang: string;
  text: string;
  origin: string;
}
export interface EditableEvent {
  id: string;
  version: number;
  type: string;
  startDate: string | null;
  endDate: string | null;
  datePrecision: string;
  city: string | null;
  venue: string | null;
  online: boolean;
  participantCount: number | null;
  updatedAt: string;
  title: { original: string; originalLang: string; en: string; translations: Translation[] };
}

export type Write =
  { kind: 'create'; input: Record<string, unknown> } | { kind: 'update'; id: string; expectedVersion: number; patch: Record<string, unknown> };
