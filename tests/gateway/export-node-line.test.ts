import { checkLine, NodeExportError } from '../../gateway/export/node-stream.js';
import { encodeCursor } from '../../contract/ordering.js';
import type { LineRules } from '../../gateway/export/node-stream.js';
import { declaredLineRules } from '../export/declared.js';

/*
 * A node's export line is untrusted: each is checked for shape, types, ownership, cursor and
 * order before the merge reads it.
 */

const text = { original: 'Семинар', originalLang: 'ky', translations: [{ lang: 'en', text: 'Seminar', origin: 'HUMAN' }] };

function row(id: string, startDate: string | null, extra: Record<string, unknown> = {}) {
  return {
    id,
    country: id.slice(0, 2),
    title: text,
    summary: null,
    type: 'SEMINAR',
    startDate,
    endDate: null,
    datePrecision: 'DAY',
    city: null,
    venue: null,
    online: false,
    programmeId: null,
    participantCount: 12,
    presentationCount: null,
    themes: ['CHILD_LABOUR'],
    outcomes: [],
    sources: [{ document: 'a.pdf', excerpt: null, note: null }],
    updatedAt: '2024-01-02T03:04:05.678Z',
    version: 1,
    ...extra,
  };
}

function line(node: ReturnType<typeof row>, cursorOf: { key: string | null; id: string } = { key: node.startDate, id: node.id }) {
  return JSON.stringify({ cursor: encodeCursor('START_DATE_DESC', cursorOf), node });
}

function refusal(fn: () => unknown): NodeExportError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NodeExportError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('checkLine', () => {
  let events: LineRules;
  beforeAll(async () => {
    events = await declaredLineRules('events', 'START_DATE_DESC');
  });

  it('accepts a row of the node, rebuilt in the export shape, and its end line', () => {
    const item = checkLine('KG', events, line(row('KG:EVT:a', '2020-01-01')), null);
    expect(item).toMatchObject({ position: { key: '2020-01-01', id: 'KG:EVT:a' }, node: { id: 'KG:EVT:a', participantCount: 12 } });
    expect(Object.keys((item as { node: object }).node)[0]).toBe('id');
    expect(checkLine('KG', events, '{"end":{"rows":3}}', null)).toEqual({ end: 3 });
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['a row of another country', line(row('MN:EVT:a', '2020-01-01')), /another country/],
    ['a row claiming this country with a foreign id', line(row('MN:EVT:a', '2020-01-01', { country: 'KG' })), /another country/],
    ['a cursor that is not its row', line(row('KG:EVT:a', '2020-01-01'), { key: '2020-01-01', id: 'KG:EVT:b' }), /not its position/],
    ['a wrong type', line(row('KG:EVT:a', '2020-01-01', { participantCount: '12' })), /participantCount is not a value of Int/],
    ['an unknown enum value', line(row('KG:EVT:a', '2020-01-01', { type: 'PARTY' })), /node.type/],
    ['a bad date', line(row('KG:EVT:a', '2020-13-01')), /startDate is not a value of Date/],
    ['an extra key', JSON.stringify({ cursor: 'x', node: {}, more: 1 }), /not a row/],
    ['an end without a count', '{"end":{}}', /no row count/],
  ])('refuses %s as a bad response of the country', (_name, text, message) => {
    const error = refusal(() => checkLine('KG', events, text, null));
    expect(error).toMatchObject({ country: 'KG', code: 'COUNTRY_BAD_RESPONSE' });
    expect(error.message).toMatch(message);
  });

  it('refuses a row that is not after the previous one in the order', () => {
    const previous = { key: '2020-01-01', id: 'KG:EVT:b' };
    expect(checkLine('KG', events, line(row('KG:EVT:c', '2020-01-01')), previous)).toHaveProperty('node');
    for (const stale of [row('KG:EVT:a', '2020-01-01'), row('KG:EVT:b', '2020-01-01'), row('KG:EVT:z', '2021-01-01')]) {
      expect(refusal(() => checkLine('KG', events, line(stale), previous)).message).toMatch(/out of order/);
    }
  });

  it("turns the node's own error line into the country's unavailability", () => {
    expect(refusal(() => checkLine('KG', events, '{"error":{"code":"DATABASE_UNAVAILABLE","message":"x"}}', null))).toMatchObject({
      code: 'COUNTRY_UNAVAILABLE',
      country: 'KG',
    });
  });
});
