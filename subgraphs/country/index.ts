import 'reflect-metadata';
import { runService } from '../../shared/cli.js';
import { loadCountryNodeConfig } from '../../shared/config.js';
import { startCountryNode } from './server.js';

/** `npm run node -- --country KG [--port N]`: what a country office deploys. */
runService('node', async () => {
  const config = loadCountryNodeConfig(process.argv.slice(2));
  return startCountryNode(config, (m) => console.log(`[${config.country}] ${m}`));
});
