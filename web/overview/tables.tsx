import { textIn, type CountryRow, type Lang, type ReachRow } from './data';

/** Counts per country; a country whose node did not answer says so instead of showing 0. */
export function CountsTable({ countries, unavailable, lang }: { countries: CountryRow[]; unavailable: string[]; lang: Lang }) {
  return (
    <table class="counts">
      <thead>
        <tr>
          <th scope="col">Country</th>
          <th scope="col">Events</th>
          <th scope="col">Programmes</th>
          <th scope="col">Partnerships</th>
        </tr>
      </thead>
      <tbody>
        {countries.map((c) => {
          const missing = unavailable.includes(c.code);
          // A count is null when the gateway could not learn it (the country's node did not answer).
          const cell = (list: { totalCount: number } | null) =>
            missing || !list ? <td class="unavailable">unavailable</td> : <td class="num">{list.totalCount}</td>;
          return (
            <tr key={c.code} data-country={c.code}>
              <th scope="row">
                {textIn(c.name, lang)} <span class="code">{c.code}</span>
              </th>
              {cell(c.events)}
              {cell(c.programmes)}
              {cell(c.partnerships)}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Organisations recorded by two or more country offices (same globalRef), with each office's name for it. */
export function ReachTable({ groups, lang }: { groups: ReachRow[]; lang: Lang }) {
  if (!groups.length) return <p class="muted">No partner is recorded by two or more of the selected countries.</p>;
  return (
    <table class="reach">
      <thead>
        <tr>
          <th scope="col">Partner</th>
          <th scope="col">Countries</th>
          <th scope="col">As each office records it</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => {
          // Offices may record the partner under different acronyms (ILO, BƏT, МОТ): head the row with the English name.
          const first = g.organisations[0];
          return (
            <tr key={g.globalRef} data-global-ref={g.globalRef}>
              <th scope="row">
                {textIn(first?.name, 'en')} <span class="code">{g.globalRef}</span>
              </th>
              <td>{g.countries.join(', ')}</td>
              <td>
                <ul class="plain">
                  {g.organisations.map((o) => (
                    <li key={o.id} lang={lang === 'original' ? o.name.originalLang : 'en'}>
                      <span class="code">{o.country?.code}</span> {textIn(o.name, lang)}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
