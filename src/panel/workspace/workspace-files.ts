import { Stats } from 'node:fs';
import { extname } from 'node:path';
import type { WorkspaceFileDto } from './dto/workspace.dto';

const DAY_MS = 24 * 3600 * 1000;

/** `512 B`, `1.5 KB`, `3.2 MB`, `1.25 GB` (powers of 1024, as the panel shows them). */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export const extensionOf = (name: string) => extname(name).toLowerCase();

/** The panel's description of one entry; `stats` are the target's when the entry is a link that stays inside. */
export function describeEntry(
  name: string,
  rel: string,
  stats: Stats,
  options: { isSymlink?: boolean; note?: string | null; now?: number } = {},
): WorkspaceFileDto {
  const isDirectory = stats.isDirectory();
  const size = isDirectory ? 0 : stats.size;
  const created = stats.birthtimeMs > 0 ? stats.birthtime : stats.ctime;
  return {
    name,
    path: rel,
    size,
    sizeHuman: humanSize(size),
    isDirectory,
    isSymlink: options.isSymlink ?? false,
    modifiedAt: stats.mtime.toISOString(),
    createdAt: created.toISOString(),
    extension: isDirectory ? '' : extensionOf(name),
    ageDays: Math.max(0, Math.floor(((options.now ?? Date.now()) - stats.mtimeMs) / DAY_MS)),
    note: options.note ?? null,
  };
}
