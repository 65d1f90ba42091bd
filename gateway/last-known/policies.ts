import { NO_STORE, parseLastKnownPolicy, type LastKnownPolicy } from '../../contract/last-known.js';

/**
 * What each office last declared about its data (the `x-last-known` header of its latest
 * answer). Until a node has declared anything, and whenever an answer declares nothing or
 * something unreadable, it is `no-store`: keeping an office's data is its choice, never the
 * gateway's default. Turning to `no-store` drops what is held of it at once.
 */
export class LastKnownPolicies {
  private readonly declared = new Map<string, { raw: string | undefined; policy: LastKnownPolicy }>();
  private readonly drops: Array<(country: string) => void> = [];

  constructor(
    drop: ((country: string) => void) | null,
    private readonly log: (message: string) => void,
  ) {
    if (drop) this.drops.push(drop);
  }

  /** Also told when an office turns to `no-store` (every store holding its data drops it). */
  onNoStore(drop: (country: string) => void): void {
    this.drops.push(drop);
  }

  /** Told by the transport for every answer of `country`'s node (`raw`: the header, absent = undefined). */
  declare(country: string, raw: string | undefined): void {
    const before = this.declared.get(country);
    if (before && before.raw === raw) return;
    let policy = raw === undefined ? NO_STORE : parseLastKnownPolicy(raw);
    if (!policy) {
      this.log(
        `last known data: ${country} declared ${JSON.stringify(String(raw).slice(0, 100))}, not a policy (max-stale=<seconds up to 30 days> or no-store); treated as no-store`,
      );
      policy = NO_STORE;
    }
    this.declared.set(country, { raw, policy });
    if (!policy.store && before?.policy.store !== false) for (const drop of this.drops) drop(country);
  }

  current(country: string): LastKnownPolicy {
    return this.declared.get(country)?.policy ?? NO_STORE;
  }

  /**
   * Whether the gateway's exact response cache may hold `country`'s answers: not while its last
   * answer declared `no-store` (or something unreadable). An office that declares nothing keeps
   * the cache's behaviour from before declarations existed; only the last known store, which
   * outlives the office's own answers, needs its explicit consent.
   */
  mayCache(country: string): boolean {
    const seen = this.declared.get(country);
    return !seen || seen.raw === undefined || seen.policy.store;
  }

  /** What `country` declared to this process, undefined when it has not answered since the start. */
  declaredBy(country: string): LastKnownPolicy | undefined {
    return this.declared.get(country)?.policy;
  }
}
