import type { ComponentChildren } from 'preact';

/** Page header with the links between the gateway's three pages (relative: works under a path prefix). */
export function Layout({ title, current, children }: { title: string; current: 'overview' | 'editor'; children: ComponentChildren }) {
  return (
    <>
      <header class="top">
        <h1>{title}</h1>
        <nav aria-label="Pages">
          <a href="./" aria-current={current === 'overview' ? 'page' : undefined}>
            Regional overview
          </a>
          <a href="./editor" aria-current={current === 'editor' ? 'page' : undefined}>
            Country editor
          </a>
          <a href="./graphql">GraphQL IDE</a>
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
