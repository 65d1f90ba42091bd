import 'reflect-metadata';
import { runService } from '../../shared/cli.js';
import { loadCountryNodeConfig } from '../../shared/config.js';
import { startCountryNode } from './server.js';

/** `npm run node -- --country KG [--port N]`: what a country office deploys. */
runService('node', async () => {
  const config = loadCountryNodeConfig(process.argv.slice(2));
  const node = await startCountryNode(config, (m) => console.log(`[${config.country}] ${m}`));
  return { ...node, label: config.country };
});
