import fs from 'node:fs';
import { settingsEnv } from '../config/current.js';
import { read } from '../config/setting.js';
import { S } from '../config/settings/index.js';

/**
 * File descriptors are the resource a connection flood exhausts first: at the limit accept()
 * fails (EMFILE), and so does every outgoing connection of the process, to the country nodes and
 * to PostgreSQL alike. Node has no setrlimit, and needs none: at start-up it raises its own soft
 * RLIMIT_NOFILE to the hard limit (node.cc, PlatformInit, on every POSIX system), so the limit
 * read here is already the highest this process can have; raising the hard limit is the
 * operator's (`ulimit -Hn`, systemd `LimitNOFILE=`, `docker run --ulimit nofile=N:N`).
 *
 * The servers of one process share one budget of descriptors for accepted connections: the limit
 * minus a reserve left to everything else (node connections, database pools, files, logs).
 */
export interface FdLimit {
  soft: number;
  hard: number;
  /** False where /proc is not available and the figures are a guess. */
  known: boolean;
}

/** Where nothing can be read, a figure small enough to be safe on any system. */
const UNKNOWN_LIMIT = 4096;

export function readFdLimit(limitsFile = '/proc/self/limits'): FdLimit {
  try {
    const line = fs
      .readFileSync(limitsFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line ?? '')
      .replace('Max open files', '')
      .trim()
      .split(/\s+/)
      .map((v) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v)));
    if (Number.isInteger(soft) && Number.isInteger(hard)) return { soft: soft!, hard: hard!, known: true };
  } catch {
    // Not Linux.
  }
  return { soft: UNKNOWN_LIMIT, hard: UNKNOWN_LIMIT, known: false };
}

/**
 * Descriptors kept for everything but accepted connections: an eighth of the limit, at least 128
 * and at most 1,024. `npm start` (six servers, five pools of 10, the gateway's 64 sockets per
 * node, version streams) needs a few hundred; one node process far fewer.
 */
export function defaultReserve(limit: number): number {
  return Math.min(1024, Math.max(128, Math.floor(limit / 8)));
}

interface Member {
  count: number;
  /** Connections this server may always have, whatever the others hold. */
  reserved: number;
}

/**
 * The accepted connections of every server in this process against one budget. Each server is
 * guaranteed its `reserved` share; beyond it, servers draw from what is left. So under `npm start`
 * a flood against the gateway cannot take the descriptors the country nodes need to accept the
 * gateway's own connections (issue 19: every node's circuit opened with EMFILE).
 */
export class ConnectionBudget {
  private readonly members = new Set<Member>();

  constructor(readonly total: number) {}

  join(reserved: number): Member {
    const member = { count: 0, reserved };
    this.members.add(member);
    return member;
  }

  leave(member: Member): void {
    this.members.delete(member);
  }

  /** Whether `member` may accept one more connection. */
  admits(member: Member): boolean {
    if (member.count < member.reserved) return true;
    let reservedTotal = 0;
    let sharedUsed = 0;
    for (const m of this.members) {
      reservedTotal += m.reserved;
      sharedUsed += Math.max(0, m.count - m.reserved);
    }
    return sharedUsed < this.total - reservedTotal;
  }

  used(): number {
    let used = 0;
    for (const m of this.members) used += m.count;
    return used;
  }
}

let processBudget: ConnectionBudget | null = null;

/** The budget shared by every server of this process (FD_RESERVE overrides the reserve). */
export function sharedConnectionBudget(env: Record<string, string | undefined> = settingsEnv()): ConnectionBudget {
  if (!processBudget) {
    const { soft } = readFdLimit();
    const reserve = read(env, S.FD_RESERVE) ?? defaultReserve(soft);
    processBudget = new ConnectionBudget(Math.max(64, soft - reserve));
  }
  return processBudget;
}
