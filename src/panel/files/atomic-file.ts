import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

export interface AtomicWriteOptions {
  /** Permission bits of a new file; an existing file keeps its own mode (and owner, when running as root). */
  mode?: number;
  /** Create the parent folder (and its parents) first. */
  mkdirParents?: boolean;
  /** Write where a symlinked target points (openclaw.json may be a link); otherwise a link at the target is replaced. */
  followSymlink?: boolean;
}

/** The bytes of a file, or undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Parsed JSON of a file, or undefined when it does not exist. Other errors (and bad JSON) are thrown. */
export async function readJsonFile<T = unknown>(path: string): Promise<T | undefined> {
  const bytes = await readFileIfExists(path);
  return bytes === undefined ? undefined : (JSON.parse(bytes.toString('utf8')) as T);
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Flushes a folder's entry table, so that a rename inside it survives a power cut. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // some filesystems cannot fsync a directory; the rename itself is still atomic
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` atomically: a temporary file in the same folder, fsync, rename over the target,
 * fsync of the folder. Readers see the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  let target = path;
  let mode = options.mode ?? 0o600;
  let owner: { uid: number; gid: number } | undefined;
  try {
    if (options.followSymlink) target = await realpath(path);
    const current = await (options.followSymlink ? stat : lstat)(target);
    if (current.isFile()) {
      mode = current.mode & 0o7777;
      owner = { uid: current.uid, gid: current.gid };
    }
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const dir = dirname(target);
  if (options.mkdirParents) await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.chmod(mode); // the process umask may have narrowed the mode given to open()
      if (owner && typeof process.getuid === 'function' && process.getuid() === 0) await handle.chown(owner.uid, owner.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}
