import type { ComponentChildren } from 'preact';

export interface NavText {
  label: string;
  overview: string;
  explorer: string;
  editor: string;
  ide: string;
}
const NAV_EN: NavText = { label: 'Pages', overview: 'Regional overview', explorer: 'Explore records', editor: 'Country editor', ide: 'GraphQL IDE' };

/** Page header with the links between the gateway's pages (relative: works under a path prefix). */
export function Layout({
  title,
  current,
  nav = NAV_EN,
  children,
}: {
  title: string;
  current: 'overview' | 'explorer' | 'editor';
  /** The links' words in the reader's language (the common catalogue's nav.* texts); English by default. */
  nav?: NavText;
  children: ComponentChildren;
}) {
  return (
    <>
      <header class="top">
        <h1>{title}</h1>
        <nav aria-label={nav.label}>
          <a href="./" aria-current={current === 'overview' ? 'page' : undefined}>
            {nav.overview}
          </a>
          <a href="./explore" aria-current={current === 'explorer' ? 'page' : undefined}>
            {nav.explorer}
          </a>
          <a href="./editor" aria-current={current === 'editor' ? 'page' : undefined}>
            {nav.editor}
          </a>
          <a href="./graphql">{nav.ide}</a>
        </nav>
      </header>
      <main>{children}</main>
    </>
  );
}

/** The notice for countries whose data is missing from an answer: shown, never hidden. */
export function UnavailableNotice({ codes, nameOf }: { codes: string[]; nameOf: (code: string) => string }) {
  if (!codes.length) return null;
  const names = codes.map((c) => `${nameOf(c)} (${c})`).join(', ');
  return (
    <div class="notice" role="alert" id="unavailable-notice">
      <strong>Not included: {names}.</strong> {codes.length === 1 ? "That country's node" : "Those countries' nodes"} did not answer, so the figures below cover
      the other countries only. Reload to try again.
    </div>
  );
}
