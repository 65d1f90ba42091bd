import { graphql, type GraphQLErrorShape, type GraphQLResult } from '../shared/graphql';
import type { EditableEvent, Write } from './types';

export type { EditableEvent, Write } from './types';

const EVENT_FIELDS = `id version type startDate endDate datePrecision city venue online participantCount updatedAt
  title { original originalLang en: text(lang: "en") translations { lang text origin } }`;

export const EVENTS_QUERY = `query EditorEvents($country: CountryCode!) {
  events(filter: { countries: [$country] }, orderBy: UPDATED_AT_DESC, first: 200) { totalCount nodes { ${EVENT_FIELDS} } }
}`;
export const ENUMS_QUERY = `query EditorEnums {
  eventTypes: __type(name: "EventType") { enumValues { name } }
  precisions: __type(name: "DatePrecision") { enumValues { name } }
  countries { code name { text(lang: "en") } }
}`;
const CREATE = `mutation CreateEvent($input: EventInput!) { createEvent(input: $input) { ${EVENT_FIELDS} } }`;
const UPDATE = `mutation UpdateEvent($id: ID!, $expectedVersion: Int!, $patch: EventPatch!) {
  updateEvent(id: $id, expectedVersion: $expectedVersion, patch: $patch) { ${EVENT_FIELDS} }
}`;

/** A fresh Idempotency-Key (UUID v4). crypto.randomUUID needs a secure context; getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Sends one logical write with its Idempotency-Key, so a retry of it is answered, not applied again. */
export function sendWrite(
  write: Write,
  token: string,
  idempotencyKey: string,
): Promise<GraphQLResult<{ createEvent?: EditableEvent; updateEvent?: EditableEvent }>> {
  const headers = { authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey };
  return write.kind === 'create'
    ? graphql(CREATE, { input: write.input }, { method: 'POST', headers })
    : graphql(UPDATE, { id: write.id, expectedVersion: write.expectedVersion, patch: write.patch }, { method: 'POST', headers });
}

/** The form fields a server error can point at (`input.title.text` → `title`). */
export const FORM_FIELDS = ['title', 'titleEn', 'type', 'startDate', 'endDate', 'datePrecision', 'city', 'venue', 'online', 'participantCount'] as const;
export type FormField = (typeof FORM_FIELDS)[number] | 'version' | 'form';

export interface Problem {
  field: FormField;
  message: string;
  /** The write may have been applied (no answer): saving again with the same key is safe. */
  outcomeUnknown?: boolean;
}

function fieldOf(path: string | undefined): FormField {
  if (!path) return 'form';
  const [, first, second] = path.split('.');
  if (first === 'title' && second?.startsWith('translations')) return 'titleEn';
  return (FORM_FIELDS as readonly string[]).includes(first) ? (first as FormField) : 'form';
}

/** A server error in plain words, placed next to the field it is about. */
export function describeError(error: GraphQLErrorShape, country: string | null): Problem {
  const ext = error.extensions ?? {};
  switch (ext.code) {
    case 'BAD_USER_INPUT':
      return { field: fieldOf(ext.field), message: error.message };
    case 'VERSION_CONFLICT':
      return {
        field: 'version',
        message: `Someone else saved this event after you opened it (you started from version ${ext.expectedVersion}, it is now at version ${ext.actualVersion}). Your changes were not saved. Reload the event to see theirs, then make your changes again.`,
      };
    case 'FORBIDDEN':
      return { field: 'form', message: `Your sign-in does not allow this change. ${error.message}.` };
    case 'UNAUTHENTICATED':
      return { field: 'form', message: 'Your sign-in is missing, expired or not valid: sign in again, then save.' };
    case 'NOT_FOUND':
      return { field: 'form', message: 'This event no longer exists (it was deleted). Reload the list.' };
    case 'COUNTRY_UNAVAILABLE': {
      const unknown = ext.writeOutcome !== 'NOT_APPLIED';
      return {
        field: 'form',
        outcomeUnknown: unknown,
        message: unknown
          ? `The ${ext.country ?? country ?? ''} office's server did not confirm the save. It may or may not have been saved; saving again is safe and will not create a duplicate.`
          : `The ${ext.country ?? country ?? ''} office's server is unavailable; nothing was saved. Try again in a moment.`,
      };
    }
    default:
      return { field: 'form', outcomeUnknown: true, message: `The save failed (${error.message}). Saving again is safe and will not create a duplicate.` };
  }
}
