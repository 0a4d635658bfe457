import { Dirent } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { UPLOAD_TEMP_PREFIX } from './workspace-paths';

export interface WalkedEntry {
  /** relative to the root, '/' between folders */
  rel: string;
  /** on disk, under the root's real path */
  full: string;
  dirent: Dirent;
  /** matched an exclude pattern, itself or through a folder above it */
  excluded: boolean;
}

/**
 * Every file and folder under `root`, depth first, without following symbolic links (a link is reported as
 * itself and never entered), so a walk can never leave the root. Folders that vanish or cannot be read are
 * skipped. Uploads in progress are left out unless `includeUploads` is set.
 */
export async function* walkWorkspace(
  root: string,
  isExcluded: (rel: string) => boolean = () => false,
  options: { includeUploads?: boolean } = {},
): AsyncGenerator<WalkedEntry> {
  const pending: Array<{ full: string; rel: string; excluded: boolean }> = [{ full: root, rel: '', excluded: false }];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let dir;
    try {
      dir = await opendir(folder.full);
    } catch {
      continue;
    }
    for await (const dirent of dir) {
      if (!options.includeUploads && dirent.name.startsWith(UPLOAD_TEMP_PREFIX)) continue;
      const rel = folder.rel ? `${folder.rel}/${dirent.name}` : dirent.name;
      const full = join(folder.full, dirent.name);
      const excluded = folder.excluded || isExcluded(rel);
      yield { rel, full, dirent, excluded };
      if (dirent.isDirectory()) pending.push({ full, rel, excluded });
    }
  }
}
