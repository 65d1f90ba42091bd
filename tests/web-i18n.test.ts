import { format, missingKeys, translator, type Catalogue } from '../web/shared/i18n.js';
import { common } from '../web/shared/messages/common.js';

describe('interface text catalogues', () => {
  const sample = {
    en: { saved: 'Saved {title}', rows: { one: '{count} row', other: '{count} rows' } },
    ru: { rows: { one: '{count} строка', few: '{count} строки', many: '{count} строк', other: '{count} строки' } },
  } satisfies Catalogue<'saved' | 'rows'>;

  test('placeholders are filled and unknown ones are left visible', () => {
    expect(format('Saved {title} by {who}', 'en', { title: 'KG:EVT:x' })).toBe('Saved KG:EVT:x by {who}');
  });

  test("plural forms follow the language's rules", () => {
    const ru = translator(sample, 'ru');
    expect([1, 3, 5, 21].map((count) => ru('rows', { count }))).toEqual(['1 строка', '3 строки', '5 строк', '21 строка']);
    expect(translator(sample, 'en')('rows', { count: 1 })).toBe('1 row');
  });

  test('a key missing in a language falls back to English and is listed', () => {
    expect(translator(sample, 'ru')('saved', { title: 'X' })).toBe('Saved X');
    expect(missingKeys(sample, 'ru')).toEqual(['saved']);
  });

  test('the shared catalogue is complete in every language', () => {
    expect(missingKeys(common, 'ru')).toEqual([]);
  });
});
