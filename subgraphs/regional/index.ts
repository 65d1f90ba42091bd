import 'reflect-metadata';
import { runService } from '../../platform/cli.js';
import { loadRegionalConfig } from '../../platform/config.js';
import { startRegional } from './server.js';

/** `npm run regional [-- --port N]`: the regional office's reference-data subgraph (default port 4001). */
runService('regional', async () => startRegional(loadRegionalConfig(process.argv.slice(2))));
