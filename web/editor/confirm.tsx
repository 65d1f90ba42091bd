import { useEffect, useRef } from 'preact/hooks';
import { t } from './text';

/**
 * A modal question (the platform's <dialog>: focus moves into it, Escape answers no, focus
 * returns after), for a delete: it names the record and the version that will be deleted.
 */
export function ConfirmDialog({ message, onYes, onNo }: { message: string | null; onYes(): void; onNo(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (message && !d.open) d.showModal();
    if (!message && d.open) d.close();
  }, [message]);
  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="confirm-text" onCancel={onNo}>
      <p id="confirm-text">{message}</p>
      <div class="actions">
        <button type="button" class="danger" onClick={onYes}>
          {t('delete.yes')}
        </button>
        <button type="button" class="secondary" autoFocus onClick={onNo}>
          {t('delete.no')}
        </button>
      </div>
    </dialog>
  );
}
