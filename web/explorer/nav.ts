import { useEffect, useState } from 'preact/hooks';

/**
 * In-page navigation for the explorer: its links are ordinary links (they open in a new tab,
 * can be copied and shared), and a plain click on one to another explorer view changes the
 * address with pushState instead of reloading, so the back button walks through the views.
 */

const EVENT = 'ilo:navigate';

export function navigate(href: string, state: unknown = null): void {
  window.history.pushState(state, '', href);
  window.dispatchEvent(new Event(EVENT));
}

/** The address's query string, re-rendering on every navigation (links, back and forward). */
export function useSearch(): string {
  const [search, setSearch] = useState(window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return search;
}

/** Plain left clicks on links to this page are handled in place; anything else is left to the browser. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) return;
    event.preventDefault();
    navigate(url.pathname + url.search, link.dataset.state ? JSON.parse(link.dataset.state) : null);
  });
}
