import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../platform/auth.js';
import type { Loaders } from './data/loaders.js';
import type { RequestDb } from './data/request-db.js';

/** The node's two pools (see server.ts openCountryDatabase). */
export interface CountryPools {
  reads: DataSource;
  writes: DataSource;
}

/** Per-request context of a country node. */
export interface CountryContext {
  /** The country this node serves. */
  country: string;
  /** The write pool (each write in its own transaction); reads go through `db`, on the read pool. */
  ds: DataSource;
  /** Longest a write waits for a row lock, in ms (then RECORD_LOCKED). */
  lockTimeoutMs: number;
  /** This request's reads: one read-only transaction that ends at the deadline (see data/request-db.ts). */
  db: EntityManager;
  requestDb: RequestDb;
  /** Epoch ms after which nothing more is done for this request. */
  deadline: number;
  loaders: Loaders;
  principal: Principal;
  /** The Idempotency-Key header of a write, if sent. */
  idempotencyKey?: string;
  idempotencyTtlMs: number;
  /** Set while a mutation field with a key runs (see data/write/idempotency.ts). */
  idempotency?: IdempotencyClaim;
  /** Set while a restore or an undelete runs: the version it brings back, named in its revision. */
  restoring?: number;
}

/** The Idempotency-Key a mutation field runs under (see data/write/idempotency.ts). */
export interface IdempotencyClaim {
  key: string;
  /** The mutation field's response key: one request's fields each have their own outcome. */
  scope: string;
  fingerprint: string;
  ttlMs: number;
}
