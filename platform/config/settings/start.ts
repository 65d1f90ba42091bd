import { custom, url } from '../kinds.js';
import { setting } from '../setting.js';
import { countryCode } from '../country-nodes.js';

const DB = url(['postgres:', 'postgresql:']);

/** What `npm start` (scripts/start.ts) reads besides what it hands to the services it runs. */
export const START = {
  COUNTRIES: setting({
    env: 'COUNTRIES',
    services: ['start'],
    kind: custom(
      'country codes separated by commas, such as MN,KG',
      (raw, name) =>
        raw
          .split(',')
          .filter(Boolean)
          .map((c) => countryCode(c.trim(), name)),
      'list',
    ),
    default: 'all four',
    doc: 'which nodes `npm start` runs',
  }),
  DATABASE_URL_CC: setting({
    env: 'DATABASE_URL_<CC>',
    services: ['start'],
    kind: DB,
    default: 'embedded',
    doc: "external PostgreSQL of one country's node under `npm start` (its `DATABASE_URL`)",
  }),
  DATABASE_URL_REGIONAL: setting({
    env: 'DATABASE_URL_REGIONAL',
    services: ['start'],
    kind: DB,
    default: 'embedded',
    doc: 'external PostgreSQL of the regional subgraph under `npm start` (its `DATABASE_URL`)',
  }),
};
