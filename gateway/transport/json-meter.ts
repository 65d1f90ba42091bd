/** How much of a node's answer the gateway reads before it gives up on it. */
export interface AnswerLimits {
  /** Bytes of one answer body. */
  maxBytes: number;
  /** Nesting of JSON objects and arrays in it. */
  maxDepth: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Measures a JSON body chunk by chunk as it arrives: its size and how deeply its objects and
 * arrays nest, so the reader can stop at a limit instead of buffering a 600 MB answer or handing
 * a million nested arrays to JSON.parse and to every walk after it. It is not a parser (the body
 * is parsed once whole, by JSON.parse); it only tracks whether it is inside a string, so brackets
 * in text do not count. Written here because the streaming JSON parsers on npm build the values
 * themselves, which is the expensive part JSON.parse does far faster; this costs a memchr per
 * string (Buffer#indexOf) and a few comparisons per structural character.
 */
export class JsonMeter {
  bytes = 0;
  depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly limits: AnswerLimits) {}

  /** Counts `chunk`; returns why the body is over a limit, or null while it is within them. */
  push(chunk: Buffer): string | null {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxBytes) return `its answer is larger than ${this.limits.maxBytes} bytes`;
    const n = chunk.length;
    let i = 0;
    // Next backslash at or after i: -1 none in this chunk, -2 not looked for yet.
    let backslash = -2;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i += 1;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        if (backslash !== -1 && backslash < i) backslash = chunk.indexOf(BACKSLASH, i);
        if (backslash !== -1 && (quote === -1 || backslash < quote)) {
          this.escaped = true;
          i = backslash + 1;
          continue;
        }
        if (quote === -1) return null; // the string goes on in the next chunk
        this.inString = false;
        i = quote + 1;
        continue;
      }
      const c = chunk[i++];
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++this.depth > this.limits.maxDepth) return `its answer nests deeper than ${this.limits.maxDepth} levels`;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) this.depth -= 1;
    }
    return null;
  }
}
