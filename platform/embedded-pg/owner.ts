import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-error.js';
import { commandLine, processAlive } from './postmaster.js';

/**
 * Which process of ours runs an embedded cluster: `<data>.owner` beside the data folder, holding
 * the owner's pid. PostgreSQL's own postmaster.pid only names the postmaster, which outlives a
 * crashed (SIGKILLed) owner; this file tells "another stack is using this folder" (refuse, say
 * which pid) from "the postmaster was orphaned by a crash" (stop it and start again).
 */
export interface Owner {
  pid: number;
  service: string;
  startedAt: string;
}

export class DataFolderInUseError extends StartupError {
  constructor(
    readonly dataDir: string,
    readonly owner: Owner,
  ) {
    super(
      `data folder ${dataDir} is in use by ${owner.service} (pid ${owner.pid}, running since ${owner.startedAt}): ` +
        'stop that process first, or give this one its own folder with DATA_DIR=<folder>',
    );
  }
}

export const ownerFile = (dataDir: string) => `${path.resolve(dataDir)}.owner`;

export function readOwner(file: string): Owner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

/** A live process of ours (a pid reused by something else after a reboot does not count). */
export function liveOwner(owner: Owner | null): owner is Owner {
  if (!owner || owner.pid === process.pid || !processAlive(owner.pid)) return false;
  const args = commandLine(owner.pid);
  return args === null || /node/.test(path.basename(args[0] ?? ''));
}

/** Takes the folder for this process, or throws DataFolderInUseError naming the live owner. */
export function claimDataFolder(dataDir: string, service: string): { release(): void } {
  const file = ownerFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: Owner = { pid: process.pid, service, startedAt: new Date().toISOString() };
  // `wx`: of two processes starting at the same moment only one creates the file; a file left
  // by a process that is gone is removed and the claim tried once more.
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (liveOwner(owner)) throw new DataFolderInUseError(dataDir, owner);
      if (attempt > 0) throw error;
      fs.rmSync(file, { force: true });
    }
  }
  return {
    release: () => {
      if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
