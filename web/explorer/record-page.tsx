import type { ExplorerKey } from '../shared/messages/explorer';
import { Banners } from './banners';
import { dateAt, shown, shownLang } from './format';
import { useQuery } from './hooks';
import { ENUMS, type Kind } from './kinds';
import { excludedFrom } from './partial';
import { ALSO_IN, RECORD_DOCUMENTS } from './queries';
import { EventFields, list, OrganisationFields, PartnershipFields, PersonFields, ProgrammeFields } from './record-fields';
import { Field, LocalizedBlock, RecordLink, Related, Sources } from './record-parts';
import { countryHref, listHref, recordHref, type TextMode } from './route';
import { dateTime, enumLabel, t, uiLang } from './text';

/* eslint-disable @typescript-eslint/no-explicit-any -- records are the API's JSON, shaped by queries.ts */

/** A record's page: every field, its text as written and translated, its sources, its related records. */
export function RecordPage({ kind, id, search, mode, nameOf }: { kind: Kind; id: string; search: string; mode: TextMode; nameOf: (c: string) => string }) {
  const { result, loading } = useQuery<{ record: any }>(RECORD_DOCUMENTS[kind], { id, lang: uiLang });
  const record = result?.data?.record ?? null;
  const heading = record ? shown(record.title ?? record.name ?? record.organisation?.name, mode) : id;
  const p = { mode, search };
  return (
    <article class="record" data-id={id}>
      <p class="crumbs">
        <a href={listHref(kind, {}, search)}>{t(`kind.${kind}` as ExplorerKey)}</a> › <a href={countryHref(id.slice(0, 2), search)}>{nameOf(id.slice(0, 2))}</a>
      </p>
      <h2 id="view-title" tabIndex={-1} lang={record ? shownLang(record.title ?? record.name, mode, uiLang) : undefined}>
        {heading}
      </h2>
      <Banners result={result} figures={[{ label: t('figure.record'), excluded: result ? excludedFrom(result.errors, 'record', null) : [] }]} nameOf={nameOf} />
      {loading && <p class="status">{t('loading')}</p>}
      {result && !loading && !record && !result.errors.length && <p class="notice">{t('record.notFound', { id })}</p>}
      {record && (
        <>
          <dl class="fields">
            <Field label="field.id">
              <span class="code">{record.id}</span>
            </Field>
            <Field label="col.country">
              <a href={countryHref(record.country.code, search)}>
                {nameOf(record.country.code)} ({record.country.code})
              </a>
            </Field>
            {kind === 'events' && <EventFields r={record} />}
            {kind === 'programmes' && <ProgrammeFields r={record} search={search} />}
            {kind === 'organisations' && <OrganisationFields r={record} search={search} />}
            {kind === 'people' && <PersonFields r={record} />}
            {kind === 'partnerships' && <PartnershipFields r={record} {...p} />}
            <Field label="field.updatedAt">
              {dateTime(record.updatedAt)} · {t('field.version', { version: record.version })}
            </Field>
          </dl>
          <Texts kind={kind} r={record} />
          <Sources sources={record.sources} />
          <div class="related-grid">
            <RelatedRecords kind={kind} r={record} {...p} />
            {(kind === 'organisations' || kind === 'people') && record.globalRef && <AlsoIn kind={kind} value={record.globalRef} self={record.id} {...p} />}
            {kind === 'programmes' && record.code && <AlsoIn kind={kind} value={record.code} self={record.id} {...p} />}
          </div>
        </>
      )}
    </article>
  );
}

/** Every text field in its original language and its translations (with what the record says about each: a former name's end, an objective's themes). */
function Texts({ kind, r }: { kind: Kind; r: any }) {
  const plain = (texts: any[]) => texts.filter(Boolean).map((text) => ({ text, note: '' }));
  const objectiveThemes = (i: number) => list('Theme', r.themedObjectives?.find((o: any) => o.position === i + 1)?.themes);
  const blocks: Array<[ExplorerKey, Array<{ text: any; note: string }>]> =
    kind === 'events'
      ? [
          ['field.title', plain([r.title])],
          ['field.summary', plain([r.summary])],
          ['field.outcomes', plain(r.outcomes)],
        ]
      : kind === 'programmes'
        ? [
            ['field.title', plain([r.title])],
            ['field.summary', plain([r.summary])],
            ['field.objectives', r.objectives.map((text: any, i: number) => ({ text, note: objectiveThemes(i) }))],
            ['field.activities', plain(r.activities)],
          ]
        : kind === 'organisations'
          ? [
              ['col.name', plain([r.name])],
              ['field.about', plain(r.about)],
              [
                'field.formerNames',
                r.formerNames.map((f: any) => ({ text: f.name, note: f.until ? t('until', { date: dateAt(f.until, f.datePrecision) ?? '' }) : '' })),
              ],
            ]
          : kind === 'people'
            ? [
                ['col.name', plain([r.name])],
                ['field.nameVariants', plain(r.nameVariants)],
              ]
            : [['field.description', plain([r.description])]];
  return (
    <section class="card texts">
      <h3>{t('record.texts')}</h3>
      {blocks.map(([label, texts]) => (
        <div key={label} class="text-field">
          <h4>{t(label)}</h4>
          {texts.length === 0 ? (
            <p class="muted">{t('notStated')}</p>
          ) : (
            texts.map((item, i) => (
              <div key={i}>
                <LocalizedBlock text={item.text} />
                {item.note && <p class="muted">{item.note}</p>}
              </div>
            ))
          )}
        </div>
      ))}
    </section>
  );
}

function RelatedRecords({ kind, r, mode, search }: { kind: Kind; r: any; mode: TextMode; search: string }) {
  const link = (record: any) => <RecordLink record={record} mode={mode} search={search} />;
  const role = (x: any) => (x.role ? ` · ${enumLabel('OrganisationRole', x.role)}` : '');
  switch (kind) {
    case 'events':
      return (
        <>
          <Related title="rel.programme" items={r.programme ? [r.programme] : []}>
            {link}
          </Related>
          <Related title="rel.organisers" items={r.organisers}>
            {link}
          </Related>
          <Related title="rel.participants" items={r.participants}>
            {link}
          </Related>
          <Related title="rel.supporters" items={r.supporters}>
            {link}
          </Related>
          <Related title="rel.people" items={r.people}>
            {(p) => (
              <>
                {link(p)} <span class="muted">{rolesAt(p.roles, r.id, mode)}</span>
              </>
            )}
          </Related>
        </>
      );
    case 'programmes':
      return (
        <>
          <Related title="rel.events" items={r.events}>
            {(e) => (
              <>
                {link(e)} <span class="muted">{dateAt(e.startDate, e.datePrecision) ?? t('undated')}</span>
              </>
            )}
          </Related>
          <Related title="rel.partners" items={r.partnerships}>
            {(x) => (
              <>
                {link(x.organisation)}
                <span class="muted">{role(x)}</span> · <a href={recordHref(x.id, search)}>{t('rel.partnership')}</a>
              </>
            )}
          </Related>
          <Related title="rel.people" items={r.people}>
            {link}
          </Related>
          <a href={listHref('events', { programme: r.id }, search)}>{t('rel.eventsList')}</a>
        </>
      );
    case 'organisations':
      return (
        <>
          <Related title="rel.parent" items={r.parent ? [r.parent] : []}>
            {link}
          </Related>
          <Related title="rel.units" items={r.units}>
            {link}
          </Related>
          <Related title="rel.programmes" items={r.partnerships.filter((x: any) => x.programme)}>
            {(x) => (
              <>
                {link(x.programme)}
                <span class="muted">{role(x)}</span>
              </>
            )}
          </Related>
          <Related title="rel.events" items={r.events?.nodes ?? []}>
            {link}
          </Related>
          <Related title="rel.people" items={r.people}>
            {link}
          </Related>
        </>
      );
    case 'people':
      return (
        <Related title="rel.roles" items={r.roles}>
          {(x) => (
            <>
              <span lang={shownLang(x.title, mode, uiLang)}>{shown(x.title, mode)}</span>
              {x.kind && <span class="muted"> · {enumLabel('PersonRoleKind', x.kind)}</span>}
              {x.asOf && <span class="muted"> · {t('asOf', { date: x.asOf })}</span>}
              {[x.organisation, x.event, x.programme].filter(Boolean).map((rel: any) => (
                <span key={rel.id}> · {link(rel)}</span>
              ))}
            </>
          )}
        </Related>
      );
    default:
      return null;
  }
}

function rolesAt(roles: any[], eventId: string, mode: TextMode): string {
  return roles
    .filter((x) => x.event?.id === eventId)
    .map((x) => shown(x.title, mode) || (x.kind && ENUMS.PersonRoleKind.includes(x.kind) ? enumLabel('PersonRoleKind', x.kind) : ''))
    .filter(Boolean)
    .join('; ');
}

/** The same organisation or person (by globalRef), or programme (by code), recorded by other offices. */
function AlsoIn({
  kind,
  value,
  self,
  mode,
  search,
}: {
  kind: 'organisations' | 'people' | 'programmes';
  value: string;
  self: string;
  mode: TextMode;
  search: string;
}) {
  const { result } = useQuery<{ also: { nodes: any[] } | null }>(ALSO_IN[kind], { ref: value, lang: uiLang });
  const others = (result?.data?.also?.nodes ?? []).filter((n) => n.id !== self);
  const missing = result ? excludedFrom(result.errors, 'also', null) : [];
  return (
    <section class="related also-in" id="also-in">
      <h3>{t('rel.alsoIn', { codes: others.map((o) => o.country.code).join(', ') || '—' })}</h3>
      {others.length === 0 ? (
        <p class="muted">{t('rel.alsoInNone')}</p>
      ) : (
        <ul class="plain links">
          {others.map((o) => (
            <li key={o.id}>
              <RecordLink record={o} mode={mode} search={search} />
            </li>
          ))}
        </ul>
      )}
      {missing.length > 0 && <p class="muted">{t('rel.alsoInMissing', { codes: missing.join(', ') })}</p>}
    </section>
  );
}
