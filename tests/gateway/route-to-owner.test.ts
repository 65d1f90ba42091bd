import { ownerOf } from '../../contract/sharding.js';
import { ownerFromArguments, targetCountries } from '../../gateway/primitives/route-to-owner.js';
import { fieldOf } from './helpers.js';

describe('route to owner', () => {
  test('by id prefix and by country value', () => {
    expect(ownerOf('KG:EVT:x', 'PREFIX')).toBe('KG');
    expect(ownerOf('kg:EVT:x', 'PREFIX')).toBeNull();
    expect(ownerOf('KG', 'VALUE')).toBe('KG');
    expect(ownerOf('KGZ', 'VALUE')).toBeNull();
    expect(ownerOf(42, 'VALUE')).toBeNull();
  });

  test('argument paths, literal or through variables', () => {
    const field = fieldOf('mutation ($c: CountryCode!) { create(input: { country: $c, title: "t" }) { id } }');
    expect(ownerFromArguments(field, { c: 'AZ' }, ['input', 'country'], 'VALUE')).toBe('AZ');
    expect(ownerFromArguments(fieldOf('{ thing(id: "VN:PRG:a") { id } }'), {}, ['id'], 'PREFIX')).toBe('VN');
    expect(ownerFromArguments(fieldOf('{ thing { id } }'), {}, ['id'], 'PREFIX')).toBeNull();
  });

  test('a countries argument narrows the fan-out, keeping configuration order', () => {
    const all = ['MN', 'KG', 'AZ', 'VN'];
    expect(targetCountries(fieldOf('{ list(filter: { countries: [VN, MN, TJ] }) { n } }'), {}, ['filter', 'countries'], all)).toEqual(['MN', 'VN']);
    expect(targetCountries(fieldOf('{ list { n } }'), {}, ['filter', 'countries'], all)).toEqual(all);
    expect(targetCountries(fieldOf('{ list(filter: { countries: [] }) { n } }'), {}, ['filter', 'countries'], all)).toEqual([]);
    expect(targetCountries(fieldOf('{ list { n } }'), {}, null, all)).toEqual(all);
  });
});
