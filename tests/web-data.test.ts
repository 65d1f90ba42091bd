import path from 'node:path';
import { exampleOf, readExamples } from '../scripts/examples.js';
import { barTooltip, colourOf, eventsByType, eventsByYear, fractionalYear, humanize, programmeTimeline, type ProgrammeRow } from '../web/overview/data.js';

/** The pure parts of the pages: shaping API answers into chart data (the editor's forms: tests/editor-form-state.test.ts). */

describe('docs/examples for the IDE', () => {
  test('every file is one named operation under a title; the write example is a mutation', () => {
    const examples = readExamples(path.join(__dirname, '..'));
    expect(examples.map((e) => e.title)).toEqual(
      expect.arrayContaining(['All events in 2017 across countries, by type', "One organisation's records everywhere"]),
    );
    expect(examples.find((e) => e.operationName === 'CreateEvent')?.operationType).toBe('mutation');
    expect(new Set(examples.map((e) => e.operationName)).size).toBe(examples.length);
  });

  test('a file without a title, with a syntax error, or with two or no named operations is refused, naming the file', () => {
    expect(() => exampleOf('a.graphql', 'query A { countries { code } }')).toThrow(/a\.graphql: the first line must be a "# title"/);
    expect(() => exampleOf('b.graphql', '# B\nquery B { countries { code }')).toThrow(/b\.graphql: Syntax Error/);
    expect(() => exampleOf('c.graphql', '# C\n{ countries { code } }')).toThrow(/c\.graphql: must hold exactly one named/);
    expect(() => exampleOf('d.graphql', '# D\nquery D { countries { code } }\nquery E { countries { code } }')).toThrow(/d\.graphql: must hold exactly one/);
    expect(exampleOf('e.graphql', '#  E title \n# more\nmutation E { deleteEvent(id: "x", expectedVersion: 1) { id } }')).toMatchObject({
      title: 'E title',
      operationName: 'E',
      operationType: 'mutation',
    });
  });
});

describe('overview data', () => {
  test('events per year: one series per country, every year from first to last, undated counted apart', () => {
    const { labels, series, undated } = eventsByYear([
      { country: 'KG', year: 2017, count: 2 },
      { country: 'MN', year: null, count: 1 },
      { country: 'MN', year: 2014, count: 3 },
    ]);
    expect(labels).toEqual(['2014', '2015', '2016', '2017']);
    expect(series).toEqual([
      { country: 'KG', counts: [0, 0, 0, 2] },
      { country: 'MN', counts: [3, 0, 0, 0] },
    ]);
    expect(undated).toEqual([{ country: 'MN', count: 1 }]);
  });

  test("a country's colour depends on its code alone: a new country recolours no other", () => {
    expect(colourOf('VN')).toBe('#9467bd');
    expect(colourOf('XX')).toBe(colourOf('XX'));
    expect(new Set(['MN', 'KG', 'AZ', 'VN', 'TJ', 'XX', 'YY'].map(colourOf)).size).toBe(7);
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
    expect(bars[0]!.label).toBe('KG · a');
    expect(barTooltip(bars[0]!)).toBe('KG · a (closed)');
    expect(barTooltip({ ...bars[0]!, status: null })).toBe('KG · a (status not stated)');
  });
});
