import type { DataSource } from 'typeorm';
import type { RegionalLoaders } from './data/loaders.js';

/** Per-request context of the regional subgraph (read-only: no principal needed). */
export interface RegionalContext {
  ds: DataSource;
  loaders: RegionalLoaders;
}
