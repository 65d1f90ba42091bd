/**
 * A missing or malformed setting. Entry points print its one-line message (no stack: the
 * operator's fix is in the message) and exit with code 2, the conventional "usage" status, so a
 * supervisor can tell a configuration mistake (do not restart) from a crash (exit 1).
 */
export class ConfigError extends Error {}

/** Exit status of a service refused at start for its configuration. */
export const CONFIG_EXIT_CODE = 2;
