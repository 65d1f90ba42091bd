/**
 * Apollo Client 4 prints its development warnings only when globalThis.__DEV__ is true when it
 * loads (bundlers set it; Node does not). Imported before @apollo/client by tests that check them.
 */
(globalThis as { __DEV__?: boolean }).__DEV__ = true;
export {};
