import { TEXT_LIMITS } from '../../contract/write-limits';
import { ENUMS } from '../explorer/enums';
import type { RefKind } from './kinds';
import { RecordPicker } from './picker';
import type { PickerSource } from './picker-api';
import { emptyRole, type RoleValue, type SourceValue } from './form-state';
import { LocalizedInput } from './localized';
import { enumLabel, t } from './text';

/** A record's sources (document, excerpt, note): a patch sends the whole list back, so any row may change or go. */
export function SourcesInput({ value, onChange }: { value: SourceValue[]; onChange(v: SourceValue[]): void }) {
  const set = (i: number, patch: Partial<SourceValue>) => onChange(value.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <div>
      {value.map((s, i) => (
        <div class="row item" key={i}>
          <div class="narrow">
            <label for={`f-sources-${i}-document`}>{t('source.document')}</label>
            <input
              id={`f-sources-${i}-document`}
              value={s.document}
              maxLength={TEXT_LIMITS.document}
              onInput={(e) => set(i, { document: e.currentTarget.value })}
            />
          </div>
          <div class="grow">
            <label for={`f-sources-${i}-excerpt`}>{t('source.excerpt')}</label>
            <textarea
              id={`f-sources-${i}-excerpt`}
              rows={2}
              value={s.excerpt}
              maxLength={TEXT_LIMITS.excerpt}
              onInput={(e) => set(i, { excerpt: e.currentTarget.value })}
            />
          </div>
          <div class="grow">
            <label for={`f-sources-${i}-note`}>{t('source.note')}</label>
            <input id={`f-sources-${i}-note`} value={s.note} maxLength={TEXT_LIMITS.excerpt} onInput={(e) => set(i, { note: e.currentTarget.value })} />
          </div>
          <button type="button" class="secondary" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('form.remove')}
            <span class="visually-hidden"> {s.document}</span>
          </button>
        </div>
      ))}
      <button type="button" class="secondary" id="f-sources-add" onClick={() => onChange([...value, { document: '', excerpt: '', note: '' }])}>
        {t('source.add')}
      </button>
    </div>
  );
}

/** One reference of a role, with its own label (a role has three, so the field's label names none). */
function RoleRef({
  id,
  label,
  kind,
  value,
  source,
  onChange,
}: {
  id: string;
  label: string;
  kind: RefKind;
  value: string;
  source: PickerSource;
  onChange(v: string): void;
}) {
  return (
    <div class="narrow">
      <label for={id}>{label}</label>
      <RecordPicker id={id} kind={kind} source={source} value={value ? [value] : []} onChange={(ids) => onChange(ids[0] ?? '')} />
    </div>
  );
}

/** A person's roles: each a title (with translations), what kind, where (the office's organisation, event, programme) and as of when. */
export function RolesInput({
  value,
  languages,
  source,
  onChange,
}: {
  value: RoleValue[];
  languages: string[];
  source: PickerSource;
  onChange(v: RoleValue[]): void;
}) {
  const set = (i: number, patch: Partial<RoleValue>) => onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div>
      {value.map((r, i) => (
        <div class="item role" key={i}>
          <LocalizedInput
            id={`f-roles-${i}-title`}
            label={t('role.title')}
            value={r.title}
            languages={languages}
            invalid={false}
            onChange={(title) => set(i, { title })}
          />
          <div class="row">
            <div class="narrow">
              <label for={`f-roles-${i}-kind`}>{t('role.kind')}</label>
              <select id={`f-roles-${i}-kind`} value={r.kind} onChange={(e) => set(i, { kind: e.currentTarget.value })}>
                <option value="">{t('form.none')}</option>
                {ENUMS.PersonRoleKind.map((k) => (
                  <option key={k} value={k}>
                    {enumLabel('PersonRoleKind', k)}
                  </option>
                ))}
              </select>
            </div>
            <RoleRef
              id={`f-roles-${i}-organisation`}
              label={t('role.organisation')}
              kind="organisations"
              value={r.organisationId}
              source={source}
              onChange={(v) => set(i, { organisationId: v })}
            />
            <RoleRef
              id={`f-roles-${i}-event`}
              label={t('role.event')}
              kind="events"
              value={r.eventId}
              source={source}
              onChange={(v) => set(i, { eventId: v })}
            />
            <RoleRef
              id={`f-roles-${i}-programme`}
              label={t('role.programme')}
              kind="programmes"
              value={r.programmeId}
              source={source}
              onChange={(v) => set(i, { programmeId: v })}
            />
            <div class="narrow">
              <label for={`f-roles-${i}-asOf`}>{t('role.asOf')}</label>
              <input id={`f-roles-${i}-asOf`} type="date" value={r.asOf} onInput={(e) => set(i, { asOf: e.currentTarget.value })} />
            </div>
          </div>
          <button type="button" class="secondary" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('form.remove')}
            <span class="visually-hidden"> {r.title.text}</span>
          </button>
        </div>
      ))}
      <button type="button" class="secondary" id="f-roles-add" onClick={() => onChange([...value, emptyRole(languages[0] ?? 'en')])}>
        {t('role.add')}
      </button>
    </div>
  );
}
