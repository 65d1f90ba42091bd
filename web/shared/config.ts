/** Settings the gateway writes into each page when it serves it (see gateway/web-assets.ts). */
export interface PageConfig {
  /** `POST /dev/token` exists (development only). */
  devTokens: boolean;
  /** The IDE is served at /graphql. */
  ide: boolean;
}

export function pageConfig(): PageConfig {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="ilo-config"]');
  try {
    return { devTokens: false, ide: true, ...JSON.parse(meta?.content ?? '{}') };
  } catch {
    return { devTokens: false, ide: true };
  }
}
