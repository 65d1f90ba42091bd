import 'reflect-metadata';
import { loadCountryNodeConfig, loadRegionalConfig, type DatabaseConfig } from '../../../platform/config.js';
import { runningCluster } from '../../../platform/embedded-pg/cluster.js';
import { startupMessage } from '../../../platform/startup-error.js';
import { openRegionalDatabase } from '../../regional/server.js';
import { seedRegional } from '../../regional/seed/seed.js';
import { openCountryDatabase } from '../server.js';
import { seedCountry } from './seed.js';

/**
 * `npm run seed -- --country KG` (or `-- --regional`): migrates the database and inserts the seed
 * records it lacks. Records already present are never overwritten, so running it again inserts
 * nothing. While the node (or `npm start`) runs on the same data folder, the seed goes through
 * that running embedded PostgreSQL: inserts of missing rows in one transaction, like any client.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const regional = args.includes('--regional');
  const regionalConfig = regional ? loadRegionalConfig(args.filter((a) => a !== '--regional')) : null;
  const countryConfig = regional ? null : loadCountryNodeConfig(args);
  const config = regionalConfig ?? countryConfig!;
  const name = countryConfig?.country ?? 'regional';
  const log = (message: string) => console.log(`[seed ${name}] ${message}`);
  const database: DatabaseConfig = { ...config.database };
  const running = database.url ? null : runningCluster(database.dataDir, database.name);
  if (running) {
    log(`the data folder is in use by ${running.owner.service} (pid ${running.owner.pid}): seeding through its running database`);
    database.url = running.url;
  }
  // Seeding here is explicit and counted, so the on-start seeding is off.
  if (regionalConfig) {
    const opened = await openRegionalDatabase({ ...regionalConfig, database, seedOnStart: false }, log);
    try {
      const result = await seedRegional(opened.ds);
      log(`inserted ${result.inserted}, already present ${result.skipped}`);
    } finally {
      await opened.close();
    }
    return;
  }
  const opened = await openCountryDatabase({ ...countryConfig!, database, seedOnStart: false }, log, undefined, `seed ${name}`);
  try {
    const result = await seedCountry(opened.ds, name);
    log(`inserted ${result.inserted}, already present ${result.skipped}`);
  } finally {
    await opened.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(startupMessage('seed', error));
    process.exit(1);
  },
);
