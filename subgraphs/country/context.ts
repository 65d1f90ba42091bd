import type { DataSource } from 'typeorm';
import type { Principal } from '../../shared/auth.js';
import type { Loaders } from './data/loaders.js';

/** Per-request context of a country node. */
export interface CountryContext {
  /** The country this node serves. */
  country: string;
  ds: DataSource;
  loaders: Loaders;
  principal: Principal;
}
