import { buildWrite, emptyValues, periodStart, valuesOf, type RecordData } from '../web/editor/form-state.js';
import { EDIT_SPECS, recordSelection } from '../web/editor/kinds.js';
import { officeLanguages } from '../web/editor/languages.js';
import { validate } from '../web/editor/validate.js';
import { describeError } from '../web/editor/errors.js';
import { ENUMS } from '../web/explorer/enums.js';
import { DatePrecision, EventType, Theme } from '../contract/enums.js';

/** The editor's pure state: forms into writes, the node's checks, dates, languages, errors. */

const events = EDIT_SPECS.events;
const event: RecordData = {
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
  presentationCount: null,
  themes: ['SKILLS'],
  programme: { id: 'KG:PRG:p' },
  organisers: [{ id: 'KG:ORG:a' }],
  participants: [],
  sources: [{ document: 'a.txt', excerpt: 'Кеңеш', note: 'read as the council' }],
  summary: null,
  title: {
    original: 'Кеңеш',
    originalLang: 'ky',
    translations: [
      { lang: 'en', text: 'Council', origin: 'SOURCE' },
      { lang: 'ru', text: 'Совет', origin: 'MACHINE' },
    ],
  },
};

describe('editor writes', () => {
  test('a create sends the given fields only, with the office language as the original', () => {
    const values = { ...emptyValues(events, 'ky'), title: { text: ' Форум ', lang: 'ky', translations: [] }, startDate: '2026-01-02' };
    expect(buildWrite(events, values, 'KG')).toEqual({
      kind: 'create',
      noun: 'Event',
      input: { country: 'KG', title: { lang: 'ky', text: 'Форум' }, type: 'MEETING', datePrecision: 'DAY', online: false, startDate: '2026-01-02' },
    });
  });

  test('an update patches only what changed, with the version it started from', () => {
    expect(buildWrite(events, valuesOf(events, event, 'ky'), 'KG', event, 'ky')).toBeNull();
    const values = { ...valuesOf(events, event, 'ky'), city: '', participantCount: '31', organiserIds: ['KG:ORG:a', 'KG:ORG:b'] };
    expect(buildWrite(events, values, 'KG', event, 'ky')).toEqual({
      kind: 'update',
      noun: 'Event',
      id: 'KG:EVT:x',
      expectedVersion: 4,
      patch: { city: null, participantCount: 31, organiserIds: ['KG:ORG:a', 'KG:ORG:b'] },
    });
  });

  test('a changed source sends the whole list back, each note kept; an emptied list clears them', () => {
    const values = valuesOf(events, event, 'ky');
    const sources = values.sources as Array<{ document: string; excerpt: string; note: string }>;
    expect(sources).toEqual([{ document: 'a.txt', excerpt: 'Кеңеш', note: 'read as the council' }]);
    sources.push({ document: ' b.pdf ', excerpt: '', note: '' });
    expect(buildWrite(events, values, 'KG', event, 'ky')).toMatchObject({
      patch: {
        sources: [{ document: 'a.txt', excerpt: 'Кеңеш', note: 'read as the council' }, { document: 'b.pdf' }],
      },
    });
    expect(buildWrite(events, { ...values, sources: [] }, 'KG', event, 'ky')).toMatchObject({ patch: { sources: [] } });
  });

  test('editing a translation keeps the original and the other translations with their origin', () => {
    const values = valuesOf(events, event, 'ky');
    const title = values.title as { text: string; lang: string; translations: Array<{ lang: string; text: string; origin: string }> };
    title.translations[0] = { lang: 'en', text: 'National council', origin: 'HUMAN' };
    title.translations.push({ lang: 'tg', text: 'Шӯро', origin: 'MACHINE' });
    expect(buildWrite(events, values, 'KG', event, 'ky')).toMatchObject({
      patch: {
        title: {
          lang: 'ky',
          text: 'Кеңеш',
          translations: [
            { lang: 'en', text: 'National council', origin: 'HUMAN' },
            { lang: 'ru', text: 'Совет', origin: 'MACHINE' },
            { lang: 'tg', text: 'Шӯро', origin: 'MACHINE' },
          ],
        },
      },
    });
  });

  test('YEAR and MONTH precision store the first day of the period, also when only the precision changes', () => {
    expect(periodStart('2026-06-15', 'YEAR')).toBe('2026-01-01');
    expect(periodStart('2026-06-15', 'MONTH')).toBe('2026-06-01');
    expect(periodStart('2026-06-15', 'DAY')).toBe('2026-06-15');
    const values = { ...emptyValues(events, 'en'), title: { text: 'T', lang: 'en', translations: [] }, datePrecision: 'YEAR', startDate: '2026-06-15' };
    expect(buildWrite(events, values, 'KG')).toMatchObject({ input: { startDate: '2026-01-01', datePrecision: 'YEAR' } });
    const patch = buildWrite(events, { ...valuesOf(events, event, 'ky'), datePrecision: 'MONTH' }, 'KG', event, 'ky');
    expect(patch).toMatchObject({ patch: { datePrecision: 'MONTH', startDate: '2017-03-01', endDate: null } });
  });

  test('a person with roles; a partnership keeps its organisation out of a patch', () => {
    const people = EDIT_SPECS.people;
    const values = {
      ...emptyValues(people, 'ru'),
      name: { text: 'Айгуль', lang: 'ky', translations: [] },
      roles: [
        {
          title: { text: 'Координатор', lang: 'ru', translations: [] },
          kind: 'POSITION',
          organisationId: 'KG:ORG:a',
          eventId: '',
          programmeId: '',
          asOf: '2026-01-01',
        },
      ],
    };
    expect(buildWrite(people, values, 'KG')).toMatchObject({
      input: {
        name: { lang: 'ky', text: 'Айгуль' },
        roles: [{ title: { lang: 'ru', text: 'Координатор' }, kind: 'POSITION', organisationId: 'KG:ORG:a', asOf: '2026-01-01' }],
      },
    });
    const partnership = {
      id: 'KG:PSH:1',
      version: 1,
      organisation: { id: 'KG:ORG:a' },
      programme: null,
      role: null,
      basis: 'DECLARED',
      description: null,
      startDate: null,
      endDate: null,
      sources: [],
    };
    const spec = EDIT_SPECS.partnerships;
    expect(buildWrite(spec, { ...valuesOf(spec, partnership, 'en'), organisationId: 'KG:ORG:b', role: 'FUNDING' }, 'KG', partnership)).toMatchObject({
      patch: { role: 'FUNDING' },
    });
  });

  test("every field's selection reads what the form shows", () => {
    expect(recordSelection(events)).toMatch(/organisers \{ id \}/);
    expect(recordSelection(EDIT_SPECS.partnerships)).toMatch(/organisation \{ id \}.*description \{ original/);
  });
});

describe('editor checks, in plain words next to the field', () => {
  const keys = (checks: ReturnType<typeof validate>) => checks.map((c) => `${c.field}:${c.key}`);

  test('required title, end before start, whole numbers', () => {
    const values = { ...emptyValues(events, 'en'), startDate: '2026-05-10', endDate: '2026-05-01', participantCount: '-3', presentationCount: '2.5' };
    expect(keys(validate(events, values))).toEqual([
      'title:check.required',
      'endDate:check.endBeforeStart',
      'participantCount:check.negative',
      'presentationCount:check.wholeNumber',
    ]);
  });

  test('an e-mail address must look like one', () => {
    const people = EDIT_SPECS.people;
    const base = { ...emptyValues(people, 'en'), name: { text: 'A', lang: 'en', translations: [] } };
    expect(keys(validate(people, { ...base, email: 'not an address' }))).toEqual(['email:check.email']);
    expect(keys(validate(people, { ...base, email: 'a@b' }))).toEqual(['email:check.email']);
    expect(validate(people, { ...base, email: 'name@example.org' })).toEqual([]);
  });

  test('translation languages: a code, each once, and text', () => {
    const values = {
      ...emptyValues(events, 'en'),
      title: {
        text: 'T',
        lang: 'en',
        translations: [
          { lang: 'en', text: 'x', origin: 'HUMAN' },
          { lang: 'Tajik', text: 'y', origin: 'HUMAN' },
          { lang: 'tg', text: ' ', origin: 'MACHINE' },
        ],
      },
    };
    expect(keys(validate(events, values))).toEqual(['title:check.langTwice', 'title:check.lang', 'title:check.translationEmpty']);
  });

  test("the node's own sentences land next to their field in plain words", () => {
    const names = events.fields.map((f) => f.name);
    expect(
      describeError(
        { message: 'endDate (2026-05-01) is before startDate (2026-05-10)', extensions: { code: 'BAD_USER_INPUT', field: 'input.endDate' } },
        names,
      ),
    ).toEqual({
      field: 'endDate',
      key: 'check.endBeforeStart',
      params: { end: '2026-05-01', start: '2026-05-10' },
    });
    expect(describeError({ message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'patch.title.translations[0].lang' } }, names).field).toBe('title');
    expect(describeError({ message: 'c', extensions: { code: 'VERSION_CONFLICT', expectedVersion: 1, actualVersion: 2 } }, names)).toMatchObject({
      field: 'version',
      key: 'error.conflict',
    });
  });
});

describe('known at build time', () => {
  test("the editor's enum values are the API's (no introspection in production)", () => {
    expect(ENUMS.EventType).toEqual(Object.values(EventType));
    expect(ENUMS.Theme).toEqual(Object.values(Theme));
    expect(ENUMS.DatePrecision).toEqual(Object.values(DatePrecision));
  });

  test("the office's language first, from the countries' configuration (a fifth office included)", () => {
    const countries = [
      { code: 'KG', name: { text: 'Kyrgyz Republic', originalLang: 'ky' } },
      { code: 'TJ', name: { text: 'Tajikistan', originalLang: 'tg' } },
    ];
    expect(officeLanguages('TJ', countries)).toEqual(['tg', 'en', 'ru', 'ky']);
    expect(officeLanguages('KG', countries)[0]).toBe('ky');
  });
});
