import { entityErrorPath, reassembleEntities, splitRepresentations } from '../../gateway/primitives/entity-split.js';

describe('entity split and reassemble', () => {
  const reps = [{ id: 'KG:1' }, { id: 'MN:1' }, { id: 'XX' }, { id: 'KG:2' }];
  const owner = (rep: unknown) => /^([A-Z]{2}):/.exec(String((rep as { id: string }).id))?.[1] ?? null;

  test('each node gets only its own representations, in order', () => {
    const split = splitRepresentations(reps, owner);
    expect(split.owners).toEqual(['KG', 'MN', null, 'KG']);
    expect(split.byCountry.get('KG')).toEqual({ positions: [0, 3], representations: [{ id: 'KG:1' }, { id: 'KG:2' }] });
    expect(split.byCountry.get('MN')).toEqual({ positions: [1], representations: [{ id: 'MN:1' }] });
  });

  test('answers go back to their representations; unanswered positions take the fallback', () => {
    const split = splitRepresentations(reps, owner);
    const out = reassembleEntities(split, new Map([['KG', [{ v: 'k1' }, null]]]), (position) => ({ fallback: position }));
    expect(out).toEqual([{ v: 'k1' }, { fallback: 1 }, { fallback: 2 }, null]);
  });

  test("a node's error about its n-th entity points at that entity's position in the whole fetch", () => {
    const split = splitRepresentations(reps, owner);
    expect(entityErrorPath(split, 'KG', { message: 'x', path: ['_entities', 1, 'title'] }).path).toEqual(['_entities', 3, 'title']);
    expect(entityErrorPath(split, 'KG', { message: 'y' }).path).toBeUndefined();
  });
});
