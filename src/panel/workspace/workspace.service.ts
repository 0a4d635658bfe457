import { BadRequestException, ConflictException, ForbiddenException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { constants, Stats } from 'node:fs';
import { FileHandle, lstat, mkdir, open, readdir, realpath, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { lookup } from 'mime-types';
import { AppConfig } from '../../core/config/app-config';
import {
  DeleteAnswerDto,
  DeletePathsDto,
  DownloadInfoDto,
  MkdirAnswerDto,
  MkdirDto,
  PreviewTextDto,
  SetWorkspaceNoteDto,
  WorkspaceFileDto,
  WorkspaceListDto,
  WorkspaceNoteAnswerDto,
  WorkspaceNotesDto,
  WorkspaceStatsDto,
  WorkspaceTypeStatDto,
} from './dto/workspace.dto';
import { listForSummary, WorkspaceActivity } from './workspace-activity';
import { describeEntry, extensionOf, humanSize } from './workspace-files';
import { WorkspaceNotesService } from './workspace-notes.service';
import { joinRelative, parseClientPath, parseName, UPLOAD_TEMP_PREFIX, WorkspacePaths } from './workspace-paths';
import { excludeMatcher, WorkspaceSettingsStore } from './workspace-settings';
import { walkWorkspace } from './workspace-walk';

/** Text previews stop after this many bytes (and say so with `truncated`). */
export const PREVIEW_TEXT_LIMIT = 512 * 1024;
/** Served to file responses: a file opened from a link (an SVG, an HTML page) can run nothing and load nothing. */
const FILE_RESPONSE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";
const DAY_MS = 24 * 3600 * 1000;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException)?.code ?? 'error';

/** The workspace's files: list, stats, mkdir, delete, download, preview — all confined to the workspace root. */
@Injectable()
export class WorkspaceService {
  readonly paths: WorkspacePaths;

  constructor(
    config: AppConfig,
    private readonly noteStore: WorkspaceNotesService,
    private readonly settings: WorkspaceSettingsStore,
    private readonly activity: WorkspaceActivity,
  ) {
    this.paths = new WorkspacePaths(config.panel.workspaceRoot);
  }

  async list(rawPath: unknown): Promise<WorkspaceListDto> {
    const names = parseClientPath(rawPath);
    const folder = await this.paths.folder(names);
    const now = Date.now();
    const files: WorkspaceFileDto[] = [];
    for (const dirent of await readdir(folder.real, { withFileTypes: true })) {
      if (dirent.name.startsWith(UPLOAD_TEMP_PREFIX)) continue;
      const described = await this.describe(folder.root, join(folder.real, dirent.name), dirent.name, joinRelative([...names, dirent.name]), now);
      if (described) files.push(described);
    }
    const notes = await this.noteStore.forPaths(files.map((file) => file.path));
    for (const file of files) file.note = notes.get(file.path) ?? null;
    files.sort((a, b) => (a.isDirectory === b.isDirectory ? a.name.localeCompare(b.name) : a.isDirectory ? -1 : 1));
    return {
      ok: true,
      files,
      currentPath: joinRelative(names),
      parentPath: names.length > 0 ? joinRelative(names.slice(0, -1)) : null,
    };
  }

  async stats(): Promise<WorkspaceStatsDto> {
    const settings = await this.settings.read();
    const cutoff = Date.now() - settings.autoCleanDays * DAY_MS;
    const root = await this.paths.root();
    const byType = new Map<string, WorkspaceTypeStatDto>();
    let totalFiles = 0;
    let totalFolders = 0;
    let totalSize = 0;
    let oldFiles = 0;
    for await (const entry of walkWorkspace(root, excludeMatcher(settings.excludePatterns))) {
      if (entry.dirent.isDirectory()) {
        totalFolders += 1;
        continue;
      }
      if (!entry.dirent.isFile()) continue;
      let stats: Stats;
      try {
        stats = await lstat(entry.full);
      } catch {
        continue;
      }
      totalFiles += 1;
      totalSize += stats.size;
      if (!entry.excluded && stats.mtimeMs < cutoff) oldFiles += 1;
      const extension = extensionOf(entry.dirent.name);
      const type = byType.get(extension) ?? { extension, count: 0, size: 0 };
      type.count += 1;
      type.size += stats.size;
      byType.set(extension, type);
    }
    return {
      ok: true,
      totalFiles,
      totalFolders,
      totalSize,
      totalSizeHuman: humanSize(totalSize),
      oldFiles,
      byType: [...byType.values()].sort((a, b) => b.size - a.size || b.count - a.count || a.extension.localeCompare(b.extension)),
    };
  }

  async mkdir(dto: MkdirDto): Promise<MkdirAnswerDto> {
    const names = parseClientPath(dto.path);
    const name = parseName(dto.name);
    const target = await this.paths.vacant(names, name);
    try {
      await mkdir(target.real);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new ConflictException({ detail: `Already exists: ${target.rel}` });
      throw error;
    }
    // the parent was checked before the folder was made; make sure nothing swapped it for a link meanwhile
    if (!WorkspacePaths.inside(target.root, await realpath(target.real))) {
      await rmdir(target.real).catch(() => undefined);
      throw new ForbiddenException({ detail: `Path leads outside the workspace: ${target.rel}` });
    }
    await this.activity.record('workspace.mkdir', `Created folder ${target.rel}`);
    return { ok: true, path: target.rel, folder: describeEntry(name, target.rel, await stat(target.real)) };
  }

  /**
   * Every path is checked (syntax, inside the root, present) before anything is removed: one bad path and
   * nothing is deleted. Folders go with everything in them; a symbolic link is removed itself, never its target.
   */
  async delete(dto: DeletePathsDto): Promise<DeleteAnswerDto> {
    const requested = dto.paths.map((path) => parseClientPath(path, 'paths'));
    if (requested.some((names) => names.length === 0)) throw new BadRequestException({ detail: 'The workspace root itself cannot be deleted' });
    const unique = [...new Map(requested.map((names) => [joinRelative(names), names])).values()];
    unique.sort((a, b) => a.length - b.length);
    const covered = (rel: string, kept: string[]) => kept.some((parent) => rel.startsWith(`${parent}/`));
    const kept: string[] = [];
    const entries = [];
    for (const names of unique) {
      const rel = joinRelative(names);
      if (covered(rel, kept)) continue;
      entries.push(await this.paths.entry(names));
      kept.push(rel);
    }

    const deleted: string[] = [];
    const errors: string[] = [];
    for (const entry of entries) {
      try {
        const parent = await realpath(dirname(entry.real));
        if (!WorkspacePaths.inside(entry.root, parent)) throw Object.assign(new Error('outside'), { code: 'EOUTSIDE' });
        if (entry.stats.isDirectory()) await rm(entry.real, { recursive: true });
        else await unlink(entry.real);
        deleted.push(entry.rel);
      } catch (error) {
        errors.push(`${entry.rel}: ${errorCode(error)}`);
      }
    }
    // paths given beside a folder that held them went with it
    for (const names of unique) {
      const rel = joinRelative(names);
      if (!deleted.includes(rel) && deleted.some((parent) => rel.startsWith(`${parent}/`))) deleted.push(rel);
    }
    if (deleted.length > 0) {
      await this.noteStore.removeUnder(deleted);
      await this.activity.record('workspace.delete', `Deleted ${listForSummary(deleted)}`, deleted);
    }
    return { ok: true, deleted, errors };
  }

  /**
   * The file as an attachment; with `Accept: application/json` (and not `*\/*`) a JSON description of it
   * instead, for clients that want to know what they are about to fetch.
   */
  async download(rawPath: unknown, request: Request, response: Response): Promise<void> {
    const { handle, stats, name, rel } = await this.openFile(rawPath);
    try {
      const contentType = contentTypeOf(name);
      if (request.accepts(['application/octet-stream', 'application/json']) === 'application/json' && !acceptsAnything(request)) {
        const info: DownloadInfoDto = { ok: true, file: describeEntry(name, rel, stats, { note: await this.noteStore.get(rel) }), contentType };
        response.json(info);
        return;
      }
      response.attachment(name);
      response.setHeader('Content-Type', contentType);
      await this.sendFile(handle, stats, response);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /** Images are sent as themselves with their content type; text comes back as JSON, at most PREVIEW_TEXT_LIMIT bytes. */
  async preview(rawPath: unknown, response: Response): Promise<void> {
    const { handle, stats, name } = await this.openFile(rawPath);
    try {
      const type = lookup(name);
      if (type && type.startsWith('image/')) {
        response.setHeader('Content-Type', type);
        response.setHeader('Content-Disposition', 'inline');
        await this.sendFile(handle, stats, response);
        return;
      }
      const length = Math.min(stats.size, PREVIEW_TEXT_LIMIT);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      const bytes = buffer.subarray(0, bytesRead);
      const truncated = stats.size > bytesRead;
      const content = decodeText(bytes, truncated);
      if (content === undefined) {
        throw new HttpException({ detail: `This file cannot be previewed (not text or an image): ${name}` }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
      }
      const answer: PreviewTextDto = { ok: true, type: 'text', content, truncated, size: stats.size };
      response.setHeader('Cache-Control', 'private, no-store');
      response.json(answer);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async notes(): Promise<WorkspaceNotesDto> {
    return { ok: true, notes: await this.noteStore.all() };
  }

  /** A note needs its file or folder to exist (404 otherwise); an empty note removes it, whatever the path holds. */
  async setNote(dto: SetWorkspaceNoteDto): Promise<WorkspaceNoteAnswerDto> {
    const names = parseClientPath(dto.path);
    if (names.length === 0) throw new BadRequestException({ detail: 'The workspace root cannot have a note' });
    const rel = joinRelative(names);
    const note = dto.note.trim();
    if (note !== '') await this.paths.entry(names);
    await this.noteStore.set(rel, note);
    return { ok: true, path: rel, note: note === '' ? null : note };
  }

  /** An entry of a listing; undefined when it vanished meanwhile. Links show their target when it stays inside. */
  private async describe(root: string, full: string, name: string, rel: string, now: number): Promise<WorkspaceFileDto | undefined> {
    try {
      let stats = await lstat(full);
      const isSymlink = stats.isSymbolicLink();
      if (isSymlink) {
        try {
          const target = await realpath(full);
          if (WorkspacePaths.inside(root, target)) stats = await stat(target);
        } catch {
          // a dangling link is listed as itself
        }
      }
      return describeEntry(name, rel, stats, { isSymlink, now });
    } catch {
      return undefined;
    }
  }

  /** Opens a regular file inside the root (the resolved path, never following a link swapped in afterwards). */
  private async openFile(rawPath: unknown): Promise<{ handle: FileHandle; stats: Stats; name: string; rel: string }> {
    const names = parseClientPath(rawPath);
    if (names.length === 0) throw new BadRequestException({ detail: 'path is required' });
    const resolved = await this.paths.existing(names);
    let handle: FileHandle;
    try {
      handle = await open(resolved.real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      if (errorCode(error) === 'ELOOP') throw new ForbiddenException({ detail: `Path leads outside the workspace: ${resolved.rel}` });
      throw error;
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new BadRequestException({ detail: `Not a file: ${resolved.rel}` });
    }
    return { handle, stats, name: names[names.length - 1], rel: resolved.rel };
  }

  private async sendFile(handle: FileHandle, stats: Stats, response: Response): Promise<void> {
    response.setHeader('Content-Length', String(stats.size));
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Content-Security-Policy', FILE_RESPONSE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const stream = handle.createReadStream({ autoClose: false, start: 0, end: Math.max(0, stats.size - 1) });
    if (stats.size === 0) {
      stream.destroy();
      response.end();
      return;
    }
    try {
      await pipeline(stream, response);
    } catch {
      // the client went away, or the file shrank under us: nothing more can be said on this response
      response.destroy();
    }
  }
}

function contentTypeOf(name: string): string {
  const type = lookup(name);
  if (!type) return 'application/octet-stream';
  return type.startsWith('text/') || type === 'application/json' ? `${type}; charset=utf-8` : type;
}

function acceptsAnything(request: Request): boolean {
  const accept = request.headers.accept;
  return !accept || /(^|,)\s*\*\/\*/.test(accept);
}

/** UTF-8 text without NUL bytes, or undefined; an incomplete character cut off at the limit is dropped. */
export function decodeText(bytes: Buffer, truncated: boolean): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    return undefined;
  }
}
