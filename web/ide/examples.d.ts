/** The README's example queries, put in by the build (scripts/build-web.ts) so the two never drift. */
declare const __README_EXAMPLES__: Array<{ title: string; query: string }>;
