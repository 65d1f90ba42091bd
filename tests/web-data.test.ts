import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_FILE, readmeExamples } from '../scripts/readme-examples.js';
import { barTooltip, eventsByType, eventsByYear, fractionalYear, humanize, programmeTimeline, type ProgrammeRow } from '../web/overview/data.js';
import { buildWrite, emptyForm, formOf } from '../web/editor/form-state.js';
import type { EditableEvent } from '../web/editor/types.js';

/** The pure parts of the pages: shaping API answers into chart data, and forms into writes. */

describe('client guide examples for the IDE', () => {
  test('every graphql block of "Asking across countries", titled by its sentence', () => {
    const examples = readmeExamples(fs.readFileSync(path.join(__dirname, '..', EXAMPLES_FILE), 'utf8'));
    expect(examples.map((e) => e.title)).toEqual(
      expect.arrayContaining(['All events in 2017 across countries, by type', "One organisation's records everywhere"]),
    );
    for (const e of examples) expect(e.query).toMatch(/^\{[\s\S]*\}$/);
  });

  test('a document without the section is an error, not an empty IDE', () => {
    expect(() => readmeExamples('# nothing here')).toThrow(/Asking across countries/);
  });
});

describe('overview data', () => {
  test('events per year: one series per country, undated last, zeros where a country has none', () => {
    const { labels, series } = eventsByYear([
      { country: 'KG', year: 2017, count: 2 },
      { country: 'MN', year: null, count: 1 },
      { country: 'MN', year: 2016, count: 3 },
    ]);
    expect(labels).toEqual(['2016', '2017', 'undated']);
    expect(series).toEqual([
      { country: 'KG', counts: [0, 2, 0] },
      { country: 'MN', counts: [3, 0, 1] },
    ]);
  });

  test('events by type: largest first, ties by name', () => {
    expect(
      eventsByType([
        { type: 'SEMINAR', count: 1 },
        { type: 'MEETING', count: 4 },
        { type: 'LAUNCH', count: 1 },
      ]),
    ).toEqual({
      types: ['MEETING', 'LAUNCH', 'SEMINAR'],
      counts: [4, 1, 1],
    });
    expect(humanize('ONLINE_MEETING')).toBe('Online meeting');
  });

  test('programme timeline: a YEAR date covers its year, no end date covers the start period only, undated apart', () => {
    const p = (id: string, startDate: string | null, endDate: string | null, datePrecision: ProgrammeRow['datePrecision']): ProgrammeRow => ({
      id,
      code: null,
      country: { code: 'KG' },
      status: 'CLOSED',
      startDate,
      endDate,
      datePrecision,
      title: { en: id, original: id },
    });
    const { bars, undated } = programmeTimeline(
      [p('a', '2016-01-01', '2019-01-01', 'YEAR'), p('b', '2017-07-01', null, 'MONTH'), p('c', null, null, 'UNKNOWN')],
      'en',
    );
    expect(bars.map((b) => [b.id, b.from, b.to])).toEqual([
      ['a', 2016, 2020],
      ['b', fractionalYear('2017-07-01'), fractionalYear('2017-08-01')],
    ]);
    expect(undated.map((u) => u.id)).toEqual(['c']);
    expect(fractionalYear('2017-01-01')).toBe(2017);
    expect(barTooltip(bars[0]!)).toBe('a (closed)');
    expect(barTooltip({ ...bars[0]!, status: null })).toBe('a (status not stated)');
  });
});

describe('editor writes', () => {
  const event: EditableEvent = {
    id: 'KG:EVT:x',
    version: 4,
    type: 'MEETING',
    startDate: '2017-03-01',
    endDate: null,
    datePrecision: 'DAY',
    city: 'Bishkek',
    venue: null,
    online: false,
    participantCount: 30,
    updatedAt: '2026-11-01T00:00:00Z',
    title: {
      original: 'Кеңеш',
      originalLang: 'ky',
      en: 'Council',
      translations: [
        { lang: 'en', text: 'Council', origin: 'SOURCE' },
        { lang: 'ru', text: 'Совет', origin: 'MACHINE' },
      ],
    },
  };

  test('a create sends the given fields only', () => {
    const write = buildWrite({ ...emptyForm(), titleText: ' Forum ', startDate: '2026-01-02' }, 'KG');
    expect(write).toEqual({
      kind: 'create',
      input: {
        country: 'KG',
        title: { lang: 'en', text: 'Forum', translations: [] },
        type: 'MEETING',
        datePrecision: 'DAY',
        online: false,
        startDate: '2026-01-02',
      },
    });
  });

  test('an update patches only what changed, with the version it started from', () => {
    expect(buildWrite(formOf(event), 'KG', event)).toBeNull();
    expect(buildWrite({ ...formOf(event), city: '', participantCount: '31' }, 'KG', event)).toEqual({
      kind: 'update',
      id: 'KG:EVT:x',
      expectedVersion: 4,
      patch: { city: null, participantCount: 31 },
    });
  });

  test('editing the English title keeps the other translations and the original', () => {
    const write = buildWrite({ ...formOf(event), titleEn: 'National council' }, 'KG', event);
    expect(write).toEqual({
      kind: 'update',
      id: 'KG:EVT:x',
      expectedVersion: 4,
      patch: {
        title: {
          lang: 'ky',
          text: 'Кеңеш',
          translations: [
            { lang: 'ru', text: 'Совет', origin: 'MACHINE' },
            { lang: 'en', text: 'National council', origin: 'HUMAN' },
          ],
        },
      },
    });
  });
});
