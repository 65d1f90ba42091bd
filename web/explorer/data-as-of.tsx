import { DATA_AS_OF, asOfRows, type AsOfCountry } from './as-of';
import { useQuery } from './hooks';
import { dateTime, t } from './text';

/** How current a list is, per country office it asks (as-of.ts). */
export function DataAsOf({ asked, nameOf }: { asked: string[] | null; nameOf: (code: string) => string }) {
  const { result } = useQuery<{ countries: AsOfCountry[] | null }>(DATA_AS_OF, {});
  if (!result) return null;
  const rows = asOfRows(asked, result.data?.countries);
  return (
    <p id="data-as-of" class="as-of muted">
      {t('list.dataAsOf')}{' '}
      {rows.map((r, i) => (
        <span key={r.code} data-country={r.code} data-state={r.state}>
          {i > 0 && '; '}
          <abbr title={nameOf(r.code)}>{r.code}</abbr>{' '}
          {r.state === 'known' ? <time dateTime={r.when}>{dateTime(r.when)}</time> : t(r.state === 'none' ? 'list.asOfNone' : 'list.asOfUnknown')}
        </span>
      ))}
    </p>
  );
}
