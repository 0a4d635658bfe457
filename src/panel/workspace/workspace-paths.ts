import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { Stats } from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Longest client path we accept, in UTF-8 bytes (a relative path inside the root). */
export const MAX_PATH_BYTES = 1024;
/** Longest single file or folder name (the limit of common Linux file systems). */
export const MAX_NAME_BYTES = 255;
/** Uploads are staged under names like this one in the root; they are never listed and never accepted from clients. */
export const UPLOAD_TEMP_PREFIX = '.clawpanel-upload-';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const bad = (detail: string) => new BadRequestException({ detail });

/**
 * Splits a client path (`''` or missing = the root) into its names, or throws 400 naming what is wrong:
 * NUL bytes and other control characters, backslashes, absolute paths, any `..` name, overlong paths or names.
 * `.` names and repeated slashes are dropped.
 */
export function parseClientPath(raw: unknown, field = 'path'): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'string') throw bad(`${field} must be a single string`);
  if (raw.includes('\0')) throw bad(`${field} must not contain NUL bytes`);
  if (CONTROL_CHARACTERS.test(raw)) throw bad(`${field} must not contain control characters`);
  if (Buffer.byteLength(raw, 'utf8') > MAX_PATH_BYTES) throw bad(`${field} is too long (at most ${MAX_PATH_BYTES} bytes)`);
  if (raw.includes('\\')) throw bad(`${field} must separate folders with '/', not '\\'`);
  if (raw.startsWith('/') || /^[A-Za-z]:(\/|$)/.test(raw)) {
    throw bad(`${field} must be relative to the workspace root, not absolute`);
  }
  const names = raw.split('/').filter((name) => name !== '' && name !== '.');
  if (names.includes('..')) throw bad(`${field} must not contain '..'`);
  for (const name of names) {
    if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw bad(`${field} has a name longer than ${MAX_NAME_BYTES} bytes`);
    if (name.startsWith(UPLOAD_TEMP_PREFIX)) throw bad(`${field} names a reserved upload file`);
  }
  return names;
}

/** A single new file or folder name (no folders in it), or 400. */
export function parseName(raw: unknown, field = 'name'): string {
  if (typeof raw !== 'string') throw bad(`${field} must be a string`);
  if (raw.includes('\0')) throw bad(`${field} must not contain NUL bytes`);
  if (CONTROL_CHARACTERS.test(raw)) throw bad(`${field} must not contain control characters`);
  if (raw.trim() === '') throw bad(`${field} must not be empty`);
  if (raw === '.' || raw === '..') throw bad(`${field} must not be '.' or '..'`);
  if (raw.includes('/') || raw.includes('\\')) throw bad(`${field} must be a single name, without '/' or '\\'`);
  if (Buffer.byteLength(raw, 'utf8') > MAX_NAME_BYTES) throw bad(`${field} is too long (at most ${MAX_NAME_BYTES} bytes)`);
  if (raw.startsWith(UPLOAD_TEMP_PREFIX)) throw bad(`${field} is reserved for uploads in progress`);
  return raw;
}

export const joinRelative = (names: readonly string[]) => names.join('/');

/** A path inside the workspace: its real location on disk and the relative path clients use. */
export interface ResolvedPath {
  root: string;
  real: string;
  rel: string;
}

/** An entry addressed without following it when it is a symbolic link (delete, rename over it). */
export interface ResolvedEntry extends ResolvedPath {
  stats: Stats;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException)?.code;

/**
 * Everything a client names is confined to the workspace root: every path is resolved with realpath (symbolic
 * links followed) and must land at or under the root's own real path. A path that does not exist is judged by
 * its deepest existing ancestor, so a link pointing out is refused (403) whether or not its target exists there.
 */
export class WorkspacePaths {
  constructor(private readonly rootDir: string) {}

  /** The root's real path; the folder is created when it is missing. */
  async root(): Promise<string> {
    await mkdir(this.rootDir, { recursive: true });
    return realpath(this.rootDir);
  }

  static inside(root: string, real: string): boolean {
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  }

  /** An existing path (links followed), or 404 / 403. */
  async existing(names: readonly string[]): Promise<ResolvedPath> {
    const root = await this.root();
    const rel = joinRelative(names);
    let real: string;
    try {
      real = await realpath(join(root, ...names));
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) {
        await this.assertAncestorsInside(root, names);
        throw new NotFoundException({ detail: `Not found: ${rel || '/'}` });
      }
      if (errorCode(error) === 'ELOOP') throw new ForbiddenException({ detail: `Too many symbolic links: ${rel}` });
      throw error;
    }
    if (!WorkspacePaths.inside(root, real)) throw this.outside(rel);
    return { root, real, rel };
  }

  /** An existing folder, or 404 / 403 / 400 when it is a file. */
  async folder(names: readonly string[]): Promise<ResolvedPath> {
    const resolved = await this.existing(names);
    if (!(await lstat(resolved.real)).isDirectory()) throw bad(`Not a folder: ${resolved.rel}`);
    return resolved;
  }

  /**
   * The entry itself (never the root), inside a folder that resolves inside the root; a symbolic link is
   * returned as the link, not its target, so acting on it never reaches outside.
   */
  async entry(names: readonly string[]): Promise<ResolvedEntry> {
    if (names.length === 0) throw bad('The workspace root itself cannot be used here');
    const parent = await this.existing(names.slice(0, -1));
    const rel = joinRelative(names);
    if (!(await lstat(parent.real)).isDirectory()) throw new NotFoundException({ detail: `Not found: ${rel}` });
    const real = join(parent.real, names[names.length - 1]);
    try {
      return { root: parent.root, real, rel, stats: await lstat(real) };
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new NotFoundException({ detail: `Not found: ${rel}` });
      throw error;
    }
  }

  /** A new name inside an existing folder; 409 when something already has it. */
  async vacant(folderNames: readonly string[], name: string): Promise<ResolvedPath> {
    const folder = await this.folder(folderNames);
    const real = join(folder.real, name);
    const rel = joinRelative([...folderNames, name]);
    try {
      await lstat(real);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { root: folder.root, real, rel };
      throw error;
    }
    throw new ConflictException({ detail: `Already exists: ${rel}` });
  }

  private async assertAncestorsInside(root: string, names: readonly string[]): Promise<void> {
    for (let depth = names.length - 1; depth >= 0; depth -= 1) {
      try {
        const real = await realpath(join(root, ...names.slice(0, depth)));
        if (!WorkspacePaths.inside(root, real)) throw this.outside(joinRelative(names));
        return;
      } catch (error) {
        if (error instanceof ForbiddenException) throw error;
        if (!['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) throw error;
      }
    }
  }

  private outside(rel: string): ForbiddenException {
    return new ForbiddenException({ detail: `Path leads outside the workspace: ${rel}` });
  }
}
