import { period } from './format';
import type { EnumName } from './kinds';
import { Field, RecordLink } from './record-parts';
import { listHref, type TextMode } from './route';
import { enumLabel, t, uiLang } from './text';

/* eslint-disable @typescript-eslint/no-explicit-any -- records are the API's JSON, shaped by queries.ts */

/** The fields of each kind of record that are values (texts and related records are shown apart). */

export const list = (name: EnumName, values: string[] | undefined) => (values ?? []).map((v) => enumLabel(name, v)).join(', ');

export function EventFields({ r }: { r: any }) {
  return (
    <>
      <Field label="col.type">{enumLabel('EventType', r.type)}</Field>
      <Field label="col.date">{period(r.startDate, r.endDate, r.datePrecision)}</Field>
      <Field label="field.precision">{enumLabel('DatePrecision', r.datePrecision)}</Field>
      <Field label="field.city">{r.city}</Field>
      <Field label="field.venue">{r.venue}</Field>
      <Field label="field.online">{r.online ? t('yes') : t('no')}</Field>
      <Field label="field.participantCount">{r.participantCount?.toLocaleString(uiLang)}</Field>
      <Field label="field.presentationCount">{r.presentationCount?.toLocaleString(uiLang)}</Field>
      <Field label="field.themes">{list('Theme', r.themes)}</Field>
    </>
  );
}

export function ProgrammeFields({ r, search }: { r: any; search: string }) {
  return (
    <>
      <Field label="col.code">{r.code && <a href={listHref('programmes', { code: r.code }, search)}>{r.code}</a>}</Field>
      <Field label="col.status">{r.status && `${enumLabel('ActivityStatus', r.status)}${r.statusAsOf ? ` (${t('asOf', { date: r.statusAsOf })})` : ''}`}</Field>
      <Field label="col.period">{period(r.startDate, r.endDate, r.datePrecision)}</Field>
      <Field label="field.precision">{enumLabel('DatePrecision', r.datePrecision)}</Field>
      <Field label="field.phase">{r.phase}</Field>
      <Field label="field.recipients">{(r.recipientCountries ?? []).join(', ')}</Field>
      <Field label="field.themes">{list('Theme', r.themes)}</Field>
      <Field label="field.conventions">{(r.conventions ?? []).map((c: any) => `${c.code}${c.title ? ` ${c.title.text}` : ''}`).join('; ')}</Field>
      <Field label="field.links">
        {(r.links ?? []).map((l: string) => (
          <span key={l} class="code">
            {l}{' '}
          </span>
        ))}
      </Field>
      <Field label="field.contacts">
        {(r.contacts ?? []).map((c: any) => [c.name, c.role?.text, c.email, c.phone, c.address].filter(Boolean).join(', ')).join('; ')}
      </Field>
    </>
  );
}

export function OrganisationFields({ r, search }: { r: any; search: string }) {
  return (
    <>
      <Field label="field.acronym">{r.acronym}</Field>
      <Field label="col.orgType">{enumLabel('OrganisationType', r.type)}</Field>
      <Field label="col.group">{enumLabel('ConstituentGroup', r.constituentGroup)}</Field>
      <Field label="col.globalRef">{r.globalRef && <a href={listHref('organisations', { ref: r.globalRef }, search)}>{r.globalRef}</a>}</Field>
    </>
  );
}

export function PersonFields({ r }: { r: any }) {
  return (
    <>
      <Field label="col.globalRef">{r.globalRef}</Field>
      <Field label="field.email">{r.email}</Field>
      <Field label="field.phone">{r.phone}</Field>
    </>
  );
}

export function PartnershipFields({ r, mode, search }: { r: any; mode: TextMode; search: string }) {
  return (
    <>
      <Field label="col.partner">{r.organisation && <RecordLink record={r.organisation} mode={mode} search={search} />}</Field>
      <Field label="col.programme">{r.programme && <RecordLink record={r.programme} mode={mode} search={search} />}</Field>
      <Field label="col.role">{enumLabel('OrganisationRole', r.role)}</Field>
      <Field label="col.basis">{enumLabel('PartnershipBasis', r.basis)}</Field>
      <Field label="col.period">{period(r.startDate, r.endDate, 'DAY')}</Field>
    </>
  );
}
