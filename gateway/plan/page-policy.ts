import { MAX_PAGE_SIZE } from '../../contract/ordering.js';
import { ConfigError } from '../../platform/config/error.js';
import { perNodeShare } from '../primitives/page-share.js';

export type PageFetchMode = 'full' | 'topk' | 'auto';

export interface PageFetchOptions {
  /**
   * full: every node sends `first` rows, one round trip. topk: each node sends a share, and only
   * nodes that may hold more rows of the page are asked again. auto: topk, but a page shape whose
   * pages keep needing the second round trip (data skewed towards few nodes) is fetched in full
   * for a while, then tried again.
   */
  mode: PageFetchMode;
  /** Chance, for evenly spread rows, that a page needs a top-up round trip (sets the share). */
  missRate: number;
}

export const DEFAULT_PAGE_FETCH: PageFetchOptions = { mode: 'auto', missRate: 0.005 };

/** `PAGE_FETCH` (auto | topk | full) and `PAGE_FETCH_MISS_RATE` (0 < r < 1). */
export function pageFetchFromEnv(env: Record<string, string | undefined>): PageFetchOptions {
  const mode = env.PAGE_FETCH ?? DEFAULT_PAGE_FETCH.mode;
  if (mode !== 'full' && mode !== 'topk' && mode !== 'auto') throw new ConfigError(`PAGE_FETCH must be auto, topk or full, got "${mode}"`);
  const rate = env.PAGE_FETCH_MISS_RATE === undefined ? DEFAULT_PAGE_FETCH.missRate : Number(env.PAGE_FETCH_MISS_RATE);
  if (!(rate > 0 && rate < 1)) throw new ConfigError(`PAGE_FETCH_MISS_RATE must be between 0 and 1, got "${env.PAGE_FETCH_MISS_RATE}"`);
  return { mode, missRate: rate };
}

/** Pages per shape between two looks at how often top-ups were needed (auto mode). */
const WINDOW = 50;
/** In auto mode, more top-ups than this share of a window's pages switches the shape to full fetches... */
const FALLBACK_ABOVE = 0.2;
/** ...for this many pages, after which top-k is tried again (the data may have changed). */
const FULL_FOR = 500;

interface ShapeStats {
  pages: number;
  toppedUp: number;
  fullLeft: number;
}

/** Decides, per page shape (field, order, page size, node count), how many rows each node sends. */
export class PageFetchPolicy {
  private readonly shapes = new Map<string, ShapeStats>();

  constructor(readonly options: PageFetchOptions = DEFAULT_PAGE_FETCH) {}

  /**
   * Rows to ask each node for. `first` itself (the plain fetch) when there is nothing to save or
   * when `first` is out of the range nodes accept: they must reject it exactly as they would alone.
   */
  share(shape: string, first: number, nodes: number): number {
    if (this.options.mode === 'full' || nodes <= 1 || !Number.isInteger(first) || first < 2 || first > MAX_PAGE_SIZE) return first;
    if (this.options.mode === 'auto') {
      const stats = this.shapes.get(shape);
      if (stats && stats.fullLeft > 0) {
        stats.fullLeft--;
        return first;
      }
    }
    return perNodeShare(first, nodes, this.options.missRate);
  }

  /** After a top-k page: whether it needed the second round trip. */
  record(shape: string, toppedUp: boolean): void {
    if (this.options.mode !== 'auto') return;
    let stats = this.shapes.get(shape);
    if (!stats) {
      if (this.shapes.size > 1000) this.shapes.clear();
      this.shapes.set(shape, (stats = { pages: 0, toppedUp: 0, fullLeft: 0 }));
    }
    stats.pages++;
    if (toppedUp) stats.toppedUp++;
    if (stats.pages < WINDOW) return;
    if (stats.toppedUp > FALLBACK_ABOVE * stats.pages) stats.fullLeft = FULL_FOR;
    stats.pages = 0;
    stats.toppedUp = 0;
  }
}
