import 'reflect-metadata';
import { runService } from '../../platform/cli.js';
import { loadCountryNodeConfig } from '../../platform/config.js';
import { startCountryNode } from './server.js';

const args = process.argv.slice(2);
const country = args.find((_, i) => args[i - 1] === '--country') ?? args.find((a) => a.startsWith('--country='))?.slice(10) ?? process.env.COUNTRY ?? 'xx';

/** `npm run node -- --country KG [--port N]`: what a country office deploys. */
runService(
  'node',
  async () => {
    const config = loadCountryNodeConfig(args);
    const node = await startCountryNode(config);
    return { ...node, label: config.country };
  },
  // Traces name the service ilo-node-<cc> unless OTEL_SERVICE_NAME says otherwise; known only once the config is read.
  `ilo-node-${country.toLowerCase()}`,
  `node ${country.toUpperCase()}`,
);
