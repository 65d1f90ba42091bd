import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefKind } from './kinds';
import { namesOf, searchOptions, type Option, type OptionPage, type PickerSource } from './picker-api';
import { t } from './text';

/**
 * Picks one or several of the office's own records by typing part of a name, in any of its
 * languages (the API's `text` search), a page at a time. The WAI-ARIA combobox pattern with a
 * listbox popup (focus stays in the text box; arrows move the active option, Enter picks, Escape
 * closes). Hand-written: the pages use Preact without a component library, and the pattern is
 * small next to one; its keyboard and axe checks are in tests/browser/editor-sources-pickers.
 */

/** Pause after the last key before searching, so typing a word sends one request, not one per letter. */
export const SEARCH_DELAY_MS = 250;

/** Names already read, shared by every picker on the page (a record chosen in one is named in all). */
const knownNames = new Map<string, string>();

/** After a write: a record renamed must not keep its old name in the pickers. */
export const forgetNames = () => knownNames.clear();

interface Props {
  /** The text box's id: a field's `<label for>` names it. */
  id: string;
  kind: RefKind;
  source: PickerSource;
  value: string[];
  multiple?: boolean;
  invalid?: boolean;
  describedBy?: string;
  onChange(ids: string[]): void;
}

export function RecordPicker({ id, kind, source, value, multiple, invalid, describedBy, onChange }: Props) {
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState<OptionPage | null>(null);
  /** The words the shown matches answer (the text box may already hold newer ones). */
  const [answered, setAnswered] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(-1);
  const [, setNamesRead] = useState(0);
  const request = useRef<AbortController | null>(null);

  const nameOf = (ref: string) => knownNames.get(ref) ?? ref;
  const remember = (options: Option[]) => options.forEach((o) => knownNames.set(o.id, o.label));

  useEffect(() => {
    const unnamed = value.filter((ref) => !knownNames.has(ref));
    if (!unnamed.length) return;
    let live = true;
    void namesOf(kind, unnamed, source).then((names) => {
      for (const [ref, name] of Object.entries(names)) knownNames.set(ref, name);
      if (live) setNamesRead((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [value.join(' '), kind]);

  const fetchPage = async (after: string | null) => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    setLoading(true);
    const next = await searchOptions(kind, source, query, after, controller.signal).catch(() => null);
    if (controller.signal.aborted) return;
    setLoading(false);
    if (!next) return;
    remember(next.options);
    setPage((before) => (after && before ? { ...next, options: [...before.options, ...next.options] } : next));
    setAnswered(query.trim());
    if (!after) setActive(-1);
  };

  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => void fetchPage(null), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [open, query]);
  useEffect(() => () => request.current?.abort(), []);

  const listId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const options = page?.options ?? [];
  const more = Boolean(page?.hasNextPage);
  const count = options.length + (more ? 1 : 0);

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = () => {
    setOpen(false);
    setEditing(false);
    setActive(-1);
    if (!multiple) setQuery('');
  };
  const choose = (i: number) => {
    if (i === options.length) {
      void fetchPage(page!.endCursor);
      return;
    }
    const picked = options[i]!.id;
    if (multiple) onChange(value.includes(picked) ? value.filter((v) => v !== picked) : [...value, picked]);
    else {
      onChange([picked]);
      close();
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else if (count) setActive((a) => Math.min(a + 1, count - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (open && count) setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open) {
      // Enter picks; it must not also submit the form around the picker.
      e.preventDefault();
      if (active >= 0) choose(active);
    } else if (e.key === 'Escape' && (open || editing)) {
      // The form's own Escape (leave the record) waits for a second press.
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  const status = loading ? t('picker.searching') : options.length ? t('picker.count', { count: options.length, n: options.length }) : t('picker.none');
  const shown = multiple || editing ? query : value[0] ? nameOf(value[0]) : '';

  return (
    <div class="picker">
      {multiple && value.length > 0 && (
        <ul class="chosen" aria-label={t('picker.chosen')}>
          {value.map((ref) => (
            <li key={ref}>
              <span>{nameOf(ref)}</span>{' '}
              <button type="button" class="secondary" onClick={() => onChange(value.filter((v) => v !== ref))}>
                {t('form.remove')}
                <span class="visually-hidden"> {nameOf(ref)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="picker-box">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={[`${id}-hint`, describedBy].filter(Boolean).join(' ')}
          placeholder={t('picker.placeholder')}
          value={shown}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setEditing(true);
            setOpen(true);
          }}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        {!multiple && value[0] && (
          <button type="button" class="secondary" onClick={() => onChange([])}>
            {t('picker.clear')}
            <span class="visually-hidden"> {nameOf(value[0])}</span>
          </button>
        )}
      </div>
      <p id={`${id}-hint`} class="muted hint">
        {t('picker.hint')}
      </p>
      {/* Clicks on options must not take focus from the text box (that would close the list first). */}
      <ul
        id={listId}
        role="listbox"
        class="picker-list"
        hidden={!open || count === 0}
        aria-multiselectable={multiple || undefined}
        aria-busy={loading}
        data-query={answered ?? undefined}
        onMouseDown={(e) => e.preventDefault()}
      >
        {open &&
          options.map((o, i) => (
            <li
              key={o.id}
              id={optionId(i)}
              role="option"
              data-id={o.id}
              aria-selected={value.includes(o.id)}
              class={i === active ? 'active' : undefined}
              onClick={() => choose(i)}
            >
              {o.label}
            </li>
          ))}
        {open && more && (
          <li
            id={optionId(options.length)}
            role="option"
            aria-selected={false}
            class={`more${active === options.length ? ' active' : ''}`}
            onClick={() => choose(options.length)}
          >
            {t('picker.more')}
          </li>
        )}
      </ul>
      <p class="muted picker-status" role="status" aria-live="polite">
        {open ? status : ''}
      </p>
    </div>
  );
}
