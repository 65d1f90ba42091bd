import { latest } from './format';

/**
 * "Data as of" on a list page: per country office, its latest event or programme change (as the
 * country page says it), or unknown when its node did not answer. Pure (no DOM).
 */

/** One read for every country: each office's most recently changed event and programme. */
export const DATA_AS_OF = `query ExplorerDataAsOf {
  countries {
    code
    events(first: 1, orderBy: UPDATED_AT_DESC) { nodes { updatedAt } }
    programmes(first: 1, orderBy: UPDATED_AT_DESC) { nodes { updatedAt } }
  }
}`;

type Latest = { nodes: Array<{ updatedAt: string }> } | null | undefined;
export interface AsOfCountry {
  code: string;
  events?: Latest;
  programmes?: Latest;
}

export type AsOf = { code: string; state: 'known'; when: string } | { code: string; state: 'none' } | { code: string; state: 'unknown' };

/**
 * The countries asked (the list's country filter, else every country), in that order. A country
 * whose events and programmes both came back null did not answer (the gateway left its part
 * out); one the answer does not hold at all is unknown too.
 */
export function asOfRows(asked: string[] | null, countries: AsOfCountry[] | null | undefined): AsOf[] {
  const list = countries ?? [];
  const codes = asked ?? list.map((c) => c.code);
  return codes.map((code): AsOf => {
    const c = list.find((x) => x.code === code);
    if (!c || (!c.events && !c.programmes)) return { code, state: 'unknown' };
    const when = latest([c.events?.nodes[0]?.updatedAt, c.programmes?.nodes[0]?.updatedAt]);
    return when ? { code, state: 'known', when } : { code, state: 'none' };
  });
}
