import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ForbiddenException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';

export const MAX_CLIENT_PATH_LENGTH = 512;

const refuse = (detail: string) => new ForbiddenException({ detail });
const malformed = (detail: string) => new UnprocessableEntityException({ detail });

/** True when `candidate` is `root` or lies below it (both already real, absolute paths). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The segments of a client-supplied Markdown path, after the checks that need no filesystem:
 * 400 for a malformed path (empty, too long, NUL byte, absolute, backslashes, not `.md`),
 * 403 for one that tries to leave its folder (`..`) or reach hidden files (`.clawpanel`, `.git`…).
 */
export function markdownPathSegments(input: unknown): string[] {
  if (typeof input !== 'string' || input.trim() === '') throw malformed('path is required (a .md file, relative to its folder)');
  if (input.includes('\0')) throw malformed('path must not contain NUL bytes');
  if (input.length > MAX_CLIENT_PATH_LENGTH) throw malformed(`path must be at most ${MAX_CLIENT_PATH_LENGTH} characters`);
  if (input.startsWith('/') || input.startsWith('\\') || /^[a-zA-Z]:/.test(input) || isAbsolute(input)) {
    throw malformed('path must be relative to its folder; absolute paths are refused');
  }
  if (input.includes('\\')) throw malformed('path must use / as the separator');
  const segments = input.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) throw malformed('path is required (a .md file, relative to its folder)');
  if (segments.includes('..')) throw refuse('path must stay inside its folder; ".." is refused');
  if (segments.some((segment) => segment.startsWith('.'))) throw refuse('hidden files and folders cannot be edited');
  if (!segments[segments.length - 1].toLowerCase().endsWith('.md')) throw malformed('only Markdown (.md) files can be edited');
  return segments;
}

export interface ConfinedTarget {
  /** Where to read or write: the real path of the parent folder joined with the file name. */
  path: string;
  exists: boolean;
}

/**
 * Resolves `segments` under `root` one step at a time, refusing (403) any symbolic link that leads
 * outside the root's real path, and a symbolic link as the file itself (a write would replace the
 * link rather than the file it names). A missing parent folder is a 404; a folder where a file is
 * expected (or the other way round) a 400.
 */
export async function resolveConfined(root: string, segments: string[]): Promise<ConfinedTarget> {
  const realRoot = await realpath(root);
  let current = realRoot;
  for (let index = 0; index < segments.length; index++) {
    const last = index === segments.length - 1;
    const next = join(current, segments[index]);
    let stats;
    try {
      stats = await lstat(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!last) throw new NotFoundException({ detail: `folder ${segments.slice(0, index + 1).join('/')} does not exist` });
      return { path: next, exists: false };
    }
    if (stats.isSymbolicLink()) {
      const target = await realpath(next).catch(() => undefined);
      if (!target || !isInside(realRoot, target)) throw refuse(`${segments.slice(0, index + 1).join('/')} is a symbolic link leading outside the folder`);
      if (last) throw refuse(`${segments.join('/')} is a symbolic link; edit the file it points to instead`);
      stats = await lstat(target);
      current = target;
    } else {
      current = next;
    }
    if (!last && !stats.isDirectory()) throw malformed(`${segments.slice(0, index + 1).join('/')} is not a folder`);
    if (last && !stats.isFile()) throw malformed(`${segments.join('/')} is not a regular file`);
  }
  return { path: current, exists: true };
}
