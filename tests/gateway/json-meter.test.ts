import { JsonMeter } from '../../gateway/transport/json-meter.js';

/** Feeds `text` to a meter in chunks cut at `cuts` (byte offsets); returns its verdict and the depth it ended at. */
function measure(text: string, maxDepth: number, cuts: number[] = [], maxBytes = 1 << 30) {
  const bytes = Buffer.from(text, 'utf8');
  const meter = new JsonMeter({ maxBytes, maxDepth });
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    const problem = meter.push(bytes.subarray(at, cut));
    if (problem) return { problem, depth: meter.depth };
    at = cut;
  }
  return { problem: null, depth: meter.depth };
}

/** The deepest nesting of a JSON text, by the obvious character loop (the reference). */
function deepest(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

describe('measuring a node answer while it arrives', () => {
  test('brackets inside strings, escaped quotes and backslashes do not count as nesting', () => {
    const text = JSON.stringify({ a: '[[[{{{', b: 'quote " and \\ and \\" and [', c: [{ d: '}}]]' }] });
    expect(measure(text, 3)).toEqual({ problem: null, depth: 0 });
    expect(measure(text, 2).problem).toMatch(/nests deeper than 2 levels/);
  });

  test('the same verdict wherever the body is cut into chunks, even inside an escape', () => {
    const text = JSON.stringify({ s: 'a\\"[b\\\\', t: [[['x"y\\']]], u: 'кириллица [ ] "' });
    const bytes = Buffer.byteLength(text);
    for (let cut = 1; cut < bytes; cut++) {
      expect(measure(text, 4, [cut])).toEqual({ problem: null, depth: 0 });
      expect(measure(text, 3, [cut, cut + 3]).problem).toMatch(/deeper than 3/);
    }
  });

  test('agrees with a character-by-character reference on generated JSON cut at random places', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 6 || r < 0.3) return ['["x"]', '{"\\"}', 'a\\', '"', '\\\\', 'plain'][Math.floor(random() * 6)];
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`k${i}[`, value(depth + 1)]));
    };
    for (let round = 0; round < 200; round++) {
      const text = JSON.stringify(value(0));
      const max = deepest(text);
      const cuts = Array.from({ length: 4 }, () => Math.floor(random() * text.length));
      expect(measure(text, max, cuts).problem).toBeNull();
      if (max > 0) expect(measure(text, max - 1, cuts).problem).not.toBeNull();
    }
  });

  test('stops at the first chunk over the byte limit', () => {
    const meter = new JsonMeter({ maxBytes: 10, maxDepth: 64 });
    expect(meter.push(Buffer.from('{"a":'))).toBeNull();
    expect(meter.push(Buffer.from('"123456"}'))).toMatch(/larger than 10 bytes/);
  });

  test('a million nested arrays are refused at the limit, long before they are parsed', () => {
    expect(measure('['.repeat(1_000_000), 64, [100, 5000]).problem).toMatch(/deeper than 64/);
  });
});
