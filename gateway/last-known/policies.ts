import { NO_STORE, parseLastKnownPolicy, type LastKnownPolicy } from '../../contract/last-known.js';

/**
 * What each office last declared about its data (the `x-last-known` header of its latest
 * answer). Until a node has declared anything, and whenever an answer declares nothing or
 * something unreadable, it is `no-store`: keeping an office's data is its choice, never the
 * gateway's default. Turning to `no-store` drops what is held of it at once.
 */
export class LastKnownPolicies {
  private readonly declared = new Map<string, { raw: string | undefined; policy: LastKnownPolicy }>();

  constructor(
    private readonly drop: (country: string) => void,
    private readonly log: (message: string) => void,
  ) {}

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
    if (!policy.store && before?.policy.store !== false) this.drop(country);
  }

  current(country: string): LastKnownPolicy {
    return this.declared.get(country)?.policy ?? NO_STORE;
  }

  /** What `country` declared to this process, undefined when it has not answered since the start. */
  declaredBy(country: string): LastKnownPolicy | undefined {
    return this.declared.get(country)?.policy;
  }
}
