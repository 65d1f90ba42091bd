import { runService } from '../shared/cli.js';
import { loadGatewayConfig } from '../shared/config.js';
import { startGateway } from './server.js';

/** `npm run gateway`: the gateway alone, against the nodes named in COUNTRY_NODES / REGIONAL_URL. */
runService('gateway', async () => {
  const config = loadGatewayConfig(process.argv.slice(2));
  console.log(`[gateway] country nodes: ${config.countryNodes.map((n) => `${n.country}=${n.url}`).join(', ')}`);
  return startGateway(config, (m) => console.log(`[gateway] ${m}`));
});
