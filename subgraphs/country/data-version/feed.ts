import pg from 'pg';

/** How the feed's connection shows in pg_stat_activity (operators, and the test that cuts it). */
export const FEED_APPLICATION_NAME = 'ilo-data-version-feed';

export type VersionListener = (version: number | null) => void;

/**
 * Follows the database's data version (see migrations/1764500000000-data-version.ts) on a
 * connection of its own: LISTEN first, then read the current value, so no commit falls between
 * the two. Listeners get each new version, and `null` when the connection is lost: from then
 * until it is back, notifications may have been missed and nobody may trust an old version. It
 * reconnects by itself every `retryMs`.
 */
export class DataVersionFeed {
  private client: pg.Client | null = null;
  private current: number | null = null;
  private readonly listeners = new Set<VersionListener>();
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void = () => {},
    private readonly retryMs = 1000,
  ) {}

  /** The version now, or null while the feed is not connected. */
  get version(): number | null {
    return this.current;
  }

  /** Resolves once the first connection attempt settled (connected or not; it keeps retrying). */
  async start(): Promise<void> {
    await this.connect();
  }

  subscribe(listener: VersionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.set(null);
    this.listeners.clear();
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2000, application_name: FEED_APPLICATION_NAME });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.stopped) return;
      lost = true;
      if (this.client === client) this.client = null;
      this.set(null);
      this.log(`data version feed lost (${reason}); retrying`);
      client.end().catch(() => {});
      this.schedule();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection closed'));
    client.on('notification', (message) => {
      const version = Number(message.payload);
      // Notifications of one commit arrive together; keep the highest (versions only grow).
      if (Number.isFinite(version) && (this.current === null || version > this.current)) this.set(version);
    });
    try {
      await client.connect();
      await client.query('LISTEN data_version');
      const { rows } = await client.query<{ version: number | string }>('SELECT version FROM data_version');
      if (this.stopped) return void (await client.end().catch(() => {}));
      this.client = client;
      const read = Number(rows[0]?.version ?? 0);
      if (this.current === null || read > this.current) this.set(read);
    } catch (error) {
      onLost((error as Error).message);
    }
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.retryMs);
    this.retry.unref();
  }

  private set(version: number | null): void {
    if (version === this.current) return;
    this.current = version;
    for (const listener of this.listeners) listener(version);
  }
}
