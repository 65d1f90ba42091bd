import { print } from 'graphql';
import { argumentAtPath, buildSubOperation, flattenFields, parseFetch, withHiddenScalars, withIntArgument, withPageFields } from '../../gateway/operation.js';

describe('operation rewriting', () => {
  test('a sub-operation keeps only the variables and fragments its fields use', () => {
    const parsed = parseFetch(
      'query Q($a: Int, $b: String) { x(first: $a) { ...F } y(after: $b) { id } } fragment F on X { id ...G } fragment G on X { name } fragment H on Y { id }',
    );
    const printed = buildSubOperation(parsed, [parsed.rootFields[0]]);
    expect(printed).toContain('query Q($a: Int)');
    expect(printed).not.toContain('$b');
    expect(printed).toContain('fragment F on X');
    expect(printed).toContain('fragment G on X');
    expect(printed).not.toContain('fragment H');
  });

  test('hidden fields, replaced arguments and argument paths', () => {
    const parsed = parseFetch('{ list(min: 3, filter: { tags: ["a"] }) { n } }');
    const field = parsed.rootFields[0];
    expect(print(withPageFields(field))).toBe(
      'list(min: 3, filter: {tags: ["a"]}) {\n  n\n  shard__edges: edges {\n    cursor\n  }\n  shard__pageInfo: pageInfo {\n    hasNextPage\n  }\n}',
    );
    expect(print(withIntArgument(field, 'min', 1))).toContain('list(filter: {tags: ["a"]}, min: 1)');
    expect(print(withHiddenScalars(field, [['shard__k', 'k']]))).toContain('shard__k: k');
    expect(argumentAtPath(field, ['filter', 'tags'], {})).toEqual(['a']);
    expect(argumentAtPath(field, ['filter', 'missing', 'deeper'], {})).toBeUndefined();
  });

  test('flattening an entity selection keeps only the fragments of the asked type', () => {
    const parsed = parseFetch('{ _entities(representations: []) { __typename ... on A { a } ... on B { b } ...C } } fragment C on A { c }');
    const names = (t?: string) => flattenFields(parsed.rootFields[0].selectionSet, parsed.fragments, t).map((f) => f.name.value);
    expect(names('A')).toEqual(['__typename', 'a', 'c']);
    expect(names('B')).toEqual(['__typename', 'b']);
    expect(names()).toEqual(['__typename', 'a', 'b', 'c']);
  });
});
