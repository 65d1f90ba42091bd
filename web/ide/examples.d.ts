/** The client guide's example queries (docs/clients.md), put in by the build (scripts/build-web.ts) so the two never drift. */
declare const __README_EXAMPLES__: Array<{ title: string; query: string }>;
