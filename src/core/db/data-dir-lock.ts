import { openSync, writeSync, closeSync, readFileSync, unlinkSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/**
 * PGlite is one process per data directory: a second opener would corrupt it. The holder writes
 * its pid (and, for a server, its port and a token that local CLI commands use to work through it).
 */
export interface LockInfo {
  pid: number;
  command: string;
  port?: number;
  cliToken?: string;
  startedAt: string;
}

const lockPath = (dataDir: string) => join(dataDir, 'kartoteka.lock');

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    if (info.pid === process.pid) return info;
    try {
      process.kill(info.pid, 0);
      return info;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM' ? info : null; // ESRCH: the holder died, the lock is stale
    }
  } catch {
    return null;
  }
}

export function acquireLock(
  dataDir: string,
  info: Omit<LockInfo, 'pid' | 'startedAt'>,
): { update(extra: Partial<LockInfo>): void; release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const holder = readLock(dataDir);
  if (holder && holder.pid !== process.pid) {
    throw new AppError(
      'DATA_DIR_LOCKED',
      `The data directory ${dataDir} is in use by process ${holder.pid} (kartoteka ${holder.command}${holder.port ? ` on port ${holder.port}` : ''}). Stop it first, or use a PostgreSQL server (DATABASE_URL) for several processes.`,
    );
  }
  let current: LockInfo = { ...info, pid: process.pid, startedAt: new Date().toISOString() };
  const write = () => {
    const fd = openSync(lockPath(dataDir), 'w', 0o600);
    writeSync(fd, JSON.stringify(current));
    closeSync(fd);
    chmodSync(lockPath(dataDir), 0o600);
  };
  write();
  const release = () => {
    try {
      const now = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
      if (now.pid === process.pid) unlinkSync(lockPath(dataDir));
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return {
    update(extra) {
      current = { ...current, ...extra };
      write();
    },
    release,
  };
}
