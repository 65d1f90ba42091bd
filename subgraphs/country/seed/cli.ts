import 'reflect-metadata';
import { ConfigError, loadCountryNodeConfig } from '../../../shared/config.js';
import { openCountryDatabase } from '../server.js';
import { seedCountry } from './seed.js';

/**
 * `npm run seed -- --country KG`: migrates the node's database and inserts the seed records it
 * lacks. Records already present are never overwritten, so running it again inserts nothing.
 */
async function main(): Promise<void> {
  const config = loadCountryNodeConfig(process.argv.slice(2));
  const log = (message: string) => console.log(`[${config.country}] ${message}`);
  // Seeding here is explicit and counted, so the on-start seeding is off.
  const database = await openCountryDatabase({ ...config, seedOnStart: false }, log);
  try {
    const result = await seedCountry(database.ds, config.country);
    console.log(`[${config.country}] inserted ${result.inserted}, already present ${result.skipped}`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
