import { graphql, type GraphQLErrorShape, type GraphQLResult } from '../shared/graphql';
import { EDIT_SPECS, recordSelection, type EditKind, type EditSpec } from './kinds';
import type { RecordData, Write } from './form-state';
import { LIST_PAGE_SIZE, listRequest, type ListState } from './list-request';

/** The editor's operations, built from kinds.ts: no schema is asked for at run time. */

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export interface Row {
  id: string;
  version: number;
  label: string;
  [key: string]: unknown;
}
export interface ListPage {
  totalCount: number;
  rows: Row[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A row as the list's selection shapes it (the label field's name depends on the type). */
type NodeRow = RecordData & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One page of a list; sent with the token, so the answer is private and never cached. */
export async function fetchList(
  spec: EditSpec,
  country: string,
  state: ListState,
  token: string,
  lang: string,
  after: string | null,
  first = LIST_PAGE_SIZE,
): Promise<GraphQLResult<ListPage>> {
  const { query, variables } = listRequest(spec, country, state, lang, after, first);
  const r = await graphql<Record<string, { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: NodeRow[] }>>(
    query,
    variables,
    { headers: auth(token) },
  );
  const conn = r.data?.[spec.list];
  if (!conn) return { ...r, data: null };
  const rows = conn.nodes.map((n) => ({ ...n, label: n[spec.label]?.text ?? n.organisation?.name?.text ?? '' }));
  return { ...r, data: { totalCount: conn.totalCount, rows, endCursor: conn.pageInfo.endCursor, hasNextPage: conn.pageInfo.hasNextPage } };
}

export interface Revision {
  version: number;
  at: string;
  by: string;
  kind: 'UPSERT' | 'DELETE';
  changedFields: string[];
  restoredFrom: number | null;
  /** The changed fields' values before this revision, each as JSON text. */
  previousValues: Array<{ field: string; value: string | null }>;
}

export async function fetchRecord(kind: EditKind, id: string, token: string) {
  const spec = EDIT_SPECS[kind];
  const query = `query EditorRecord($id: ID!) { ${spec.one}(id: $id) { ${recordSelection(spec)} history(first: 50) { version at by kind changedFields restoredFrom previousValues { field value } } } }`;
  const r = await graphql<Record<string, (RecordData & { history: Revision[] | null }) | null>>(query, { id }, { headers: auth(token) });
  return { ...r, record: r.data?.[spec.one] ?? null };
}

export interface DeletedRecord {
  id: string;
  entity: string;
  version: number;
  deletedAt: string;
  deletedBy: string;
  label: string | null;
}
export async function fetchDeleted(spec: EditSpec, country: string, token: string) {
  const query = `query EditorDeleted($country: CountryCode!, $entities: [ChangeEntity!]) {
  deletedRecords(country: $country, entities: $entities, first: 20) { id entity version deletedAt deletedBy label } }`;
  const r = await graphql<{ deletedRecords: DeletedRecord[] | null }>(query, { country, entities: [spec.entity] }, { headers: auth(token) });
  return { ...r, deleted: r.data?.deletedRecords ?? [] };
}

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
export function sendWrite(write: Write, selection: string, token: string, idempotencyKey: string): Promise<GraphQLResult<Record<string, RecordData>>> {
  const headers = { ...auth(token), 'idempotency-key': idempotencyKey };
  if (write.kind === 'create') {
    const q = `mutation Create($input: ${write.noun}Input!) { create${write.noun}(input: $input) { ${selection} } }`;
    return graphql(q, { input: write.input }, { method: 'POST', headers });
  }
  const q = `mutation Update($id: ID!, $expectedVersion: Int!, $patch: ${write.noun}Patch!) {
  update${write.noun}(id: $id, expectedVersion: $expectedVersion, patch: $patch) { ${selection} } }`;
  return graphql(q, { id: write.id, expectedVersion: write.expectedVersion, patch: write.patch }, { method: 'POST', headers });
}

/** delete / restore (an earlier version's content, as a new version) / undelete, each with the version check. */
export function sendLifecycle(
  action: 'delete' | 'restore' | 'undelete',
  noun: string,
  args: { id: string; expectedVersion: number; version?: number },
  token: string,
): Promise<GraphQLResult<Record<string, unknown>>> {
  const headers = { ...auth(token), 'idempotency-key': newIdempotencyKey() };
  const q =
    action === 'restore'
      ? `mutation($id: ID!, $expectedVersion: Int!, $version: Int!) { restore${noun}(id: $id, expectedVersion: $expectedVersion, version: $version) { id version } }`
      : action === 'undelete'
        ? `mutation($id: ID!, $expectedVersion: Int!) { undelete${noun}(id: $id, expectedVersion: $expectedVersion) { id version } }`
        : `mutation($id: ID!, $expectedVersion: Int!) { delete${noun}(id: $id, expectedVersion: $expectedVersion) }`;
  return graphql(q, args, { method: 'POST', headers });
}

export type { GraphQLErrorShape };
