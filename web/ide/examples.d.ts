/** The example operations of docs/examples/*.graphql, put in by the build (scripts/build-web.ts) so the docs and the IDE never drift. */
declare const __IDE_EXAMPLES__: Array<{ title: string; text: string; mutation: boolean }>;
