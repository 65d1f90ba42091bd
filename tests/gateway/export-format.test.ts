import { csv, ndjson } from '../../gateway/export/format.js';
import { declaredLineRules, declaredExport } from '../export/declared.js';
import type { RowField } from '../../gateway/sharding/spec.js';

const raw = {
  id: 'AZ:EVT:x',
  country: 'AZ',
  title: { original: 'Təlim, "iş"', originalLang: 'az', translations: [{ lang: 'en', text: 'Training, "work"', origin: 'HUMAN' }] },
  summary: null,
  type: 'TRAINING',
  startDate: '2019-05-01',
  endDate: null,
  datePrecision: 'MONTH',
  city: '=HYPERLINK("x")',
  venue: null,
  online: true,
  programmeId: null,
  participantCount: -3,
  presentationCount: null,
  themes: ['CHILD_LABOUR', 'SOCIAL_PROTECTION'],
  outcomes: [{ original: 'one\nline two', originalLang: 'en', translations: [] }],
  sources: [{ document: 'a.pdf', excerpt: null, note: null }],
  updatedAt: '2024-01-02T03:04:05.678Z',
  version: 2,
};

let node: Record<string, unknown>;
let fields: RowField[];
beforeAll(async () => {
  node = (await declaredLineRules('events', 'START_DATE_DESC')).row(raw, 'AZ');
  fields = (await declaredExport('events')).fields;
});

describe('export formats', () => {
  it('NDJSON writes the row with its cursor on one line', () => {
    expect(JSON.parse(ndjson.row('c1', node))).toEqual({ cursor: 'c1', node });
    expect(ndjson.end(5)).toBe('{"end":{"rows":5}}\n');
  });

  it('CSV quotes, defuses formulas, picks the language and ends with the cursor', () => {
    const en = csv(fields, 'en');
    expect(en.header().startsWith('\uFEFFid,country,title,title_original,')).toBe(true);
    expect(en.header().trimEnd().endsWith(',cursor')).toBe(true);
    const line = en.row('c1', node);
    expect(line).toContain(',"Training, ""work""","Təlim, ""iş""",az,');
    expect(line).toContain(`,"'=HYPERLINK(""x"")",`); // a spreadsheet must not run it
    expect(line).toContain(',-3,'); // a negative number stays a number
    expect(line).toContain(',CHILD_LABOUR;SOCIAL_PROTECTION,"one\nline two",a.pdf,');
    expect(line.endsWith(',c1\r\n')).toBe(true);
    expect(csv(fields, 'az').row('c1', node)).toContain(',"Təlim, ""iş""","Təlim, ""iş""",az,');
    expect(en.end(7)).toBe('#end,7\r\n');
    expect(en.error({ code: 'COUNTRY_UNAVAILABLE', country: 'KG', after: 'c1', message: 'cut, retry' })).toBe(
      '#error,COUNTRY_UNAVAILABLE,KG,c1,,"cut, retry"\r\n',
    );
  });
});
