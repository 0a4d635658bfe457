import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

export class DataDirectoryInUseError extends Error {}

interface LockOwner {
  pid: number;
  /** The process's start time as the kernel counts it, so a reused pid is not mistaken for the owner. */
  started?: string;
}

const heldHere = new Set<string>();
const ATTEMPTS = 5;
// a lock file younger than this with no readable owner is being written right now
const WRITE_GRACE_MS = 2_000;

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name start at field 3; the start time is field 22
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isRunning(owner: LockOwner, lockPath: string): boolean {
  if (owner.pid === process.pid) return heldHere.has(lockPath);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const started = startTimeOf(owner.pid);
  return owner.started === undefined || started === undefined || started === owner.started;
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockPath, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isFresh(lockPath: string): boolean {
  try {
    return Date.now() - statSync(lockPath).mtimeMs < WRITE_GRACE_MS;
  } catch {
    return false;
  }
}

/**
 * One engine per data directory, as PostgreSQL's postmaster.pid ensures for a server: two engines writing
 * the same files (a restart while an orphaned process still runs) silently lose committed data. The lock
 * of a process that is gone (a crash, kill -9) is taken over. Returns the release function.
 */
export function lockDataDirectory(directory: string): () => void {
  const lockPath = `${directory}.lock`;
  const owner: LockOwner = { pid: process.pid, started: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    try {
      writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      heldHere.add(lockPath);
      return () => {
        heldHere.delete(lockPath);
        unlinkSync(lockPath);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readOwner(lockPath);
    if (current ? isRunning(current, lockPath) : isFresh(lockPath)) {
      throw new DataDirectoryInUseError(
        `the embedded database in ${directory} is in use by ${current ? `process ${current.pid}` : 'another process'}; ` +
          `stop that process first (if no such process runs, remove ${lockPath})`,
      );
    }
    try {
      unlinkSync(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new DataDirectoryInUseError(`could not take the lock ${lockPath}: other processes keep taking it`);
}
