/**
 * Ctrl-C / SIGTERM for the entry points (`npm start`, `npm run node|regional|gateway`). The first
 * signal stops the service in order (HTTP drains its requests in progress, then pools, then
 * databases) and exits 0; a second signal, or the stop taking longer than `deadlineMs`, forces the
 * exit: every embedded PostgreSQL of this process is aborted (SIGQUIT, then SIGKILL) so nothing
 * is left running either way. A signal during start-up, when nothing is served yet, forces too.
 */
export interface Shutdown {
  /** From now on a signal stops the service with `stop` instead of aborting the start. */
  ready(stop: () => Promise<void>): void;
  /** Whether a signal has arrived (a start still in progress should give up). */
  readonly requested: boolean;
}

/**
 * Something a forced exit must take down before the process goes (the embedded PostgreSQL
 * clusters it started). Their owner registers them when it starts one, so this module, which the
 * gateway runs too, imports no embedded PostgreSQL.
 */
export interface ForcedExitHook {
  /** How many things it would take down now (the exit line says whether there are any). */
  count(): number;
  /** Aborts them, escalating after `ms`. */
  abort(ms: number): Promise<void>;
  /** Synchronous, for process 'exit'. */
  abortNow(): void;
}

const hooks = new Set<ForcedExitHook>();

/** Registers `hook` for every forced exit of this process; registering the same hook twice is one. */
export function onForcedExit(hook: ForcedExitHook): void {
  hooks.add(hook);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const DUPLICATE_MS = 300;

export function handleShutdownSignals(say: (message: string) => void, deadlineMs = 9000): Shutdown {
  let stop: (() => Promise<void>) | null = null;
  let stopping = false;
  let forcing = false;

  const force = async (why: string) => {
    if (forcing) process.exit(130);
    forcing = true;
    const running = [...hooks].some((hook) => hook.count() > 0);
    say(`${why}: forcing exit${running ? ', aborting the databases' : ''}`);
    await Promise.all([...hooks].map((hook) => hook.abort(1500).catch(() => {})));
    process.exit(130);
  };

  let lastAt = 0;
  const onSignal = (signal: string) => {
    // Under `npm start` one Ctrl-C arrives twice: from the terminal (the whole process group)
    // and forwarded by npm to its script. A second signal counts only when it is a second press.
    if (Date.now() - lastAt < DUPLICATE_MS) return;
    lastAt = Date.now();
    if (stopping || !stop) {
      void force(stopping ? `second ${signal}` : `${signal} during start-up`);
      return;
    }
    stopping = true;
    say(`${signal}: finishing requests in progress, then stopping (${signal === 'SIGINT' ? 'Ctrl-C' : 'a signal'} again forces it)`);
    const watchdog = setTimeout(() => void force(`not stopped within ${deadlineMs} ms`), deadlineMs);
    watchdog.unref();
    stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };

  for (const signal of SIGNALS) process.on(signal, () => onSignal(signal));
  // Whatever ends this process (an uncaught error, an exit() anywhere) takes its databases along;
  // only SIGKILL escapes this, and the next start stops the orphan (platform/embedded-pg/cluster.ts).
  process.on('exit', () => {
    for (const hook of hooks) hook.abortNow();
  });

  return {
    ready: (fn) => {
      stop = fn;
    },
    get requested() {
      return stopping || forcing;
    },
  };
}
