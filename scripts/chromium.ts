import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = (): boolean => fs.existsSync(CHROMIUM_PATH);

/** A headless Chromium that talks to nothing but the pages it is sent to. */
export function launchChromium(options: { allowPorts?: number[] } = {}): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    // Chromium refuses some ports outright (6000 is X11: ERR_UNSAFE_PORT), e.g. a gateway at PORT_OFFSET=2000.
    ...(options.allowPorts?.length ? [`--explicitly-allowed-ports=${options.allowPorts.join(',')}`] : []),
  ];
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, timeout: 30000 });
}
