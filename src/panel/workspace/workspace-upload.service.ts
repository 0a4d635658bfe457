import { BadRequestException, ConflictException, HttpException, HttpStatus, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, lstat, readdir, rename, stat, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { discardRest, payloadTooLarge } from '../../core/http/multipart';
import { UploadAnswerDto, UploadedFileDto } from './dto/workspace.dto';
import { listForSummary, WorkspaceActivity } from './workspace-activity';
import { describeEntry, humanSize } from './workspace-files';
import { parseClientPath, parseName, ResolvedPath, UPLOAD_TEMP_PREFIX } from './workspace-paths';
import { WorkspaceSettings, WorkspaceSettingsStore } from './workspace-settings';
import { WorkspaceService } from './workspace.service';

export const CONFLICT_POLICIES = ['rename', 'overwrite', 'error'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** Form fields an upload may carry beside its `files` parts. */
const FIELDS = ['path', 'conflict'] as const;
/** The multipart envelope around the files (boundaries, part headers, the small fields). */
const ENVELOPE_ALLOWANCE = 64 * 1024;
/** Staged files left by a crash are removed at start once they are this old. */
const STALE_UPLOAD_MS = 3600 * 1000;

interface StagedFile {
  originalName: string;
  temp: string;
  size: number;
}

interface ReceivedUpload {
  fields: Partial<Record<(typeof FIELDS)[number], string>>;
  files: StagedFile[];
}

const tooLarge = payloadTooLarge;
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException)?.code;

/**
 * Multipart uploads into the workspace (`files` parts, optional `path` and `conflict` fields, in any order).
 *
 * Each file streams to a hidden temporary file in the workspace root while it arrives (the web client sends
 * `path` after the files, so the folder is known only at the end), then is linked into its folder under its
 * final name — a file appears whole or not at all. Limits (per file, per request, number of files) answer 413
 * as soon as they are crossed; any refusal removes every temporary file, and nothing is placed unless every
 * file arrived and the folder is valid. A name that is taken is handled by `conflict`: `rename` (default:
 * `report (1).pdf`), `overwrite` (atomic replace of a file, never of a folder) or `error` (409, nothing placed).
 */
@Injectable()
export class WorkspaceUploadService implements OnApplicationBootstrap {
  private readonly logger = new Logger('WorkspaceUpload');

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly settings: WorkspaceSettingsStore,
    private readonly activity: WorkspaceActivity,
  ) {}

  /** Removes staged files a crashed process left behind. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const root = await this.workspace.paths.root();
      for (const name of await readdir(root)) {
        if (!name.startsWith(UPLOAD_TEMP_PREFIX)) continue;
        const full = join(root, name);
        const stats = await lstat(full).catch(() => undefined);
        if (stats?.isFile() && Date.now() - stats.mtimeMs > STALE_UPLOAD_MS) await unlink(full).catch(() => undefined);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not look for stale uploads in the workspace root');
    }
  }

  async upload(request: Request): Promise<UploadAnswerDto> {
    const contentType = request.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      throw new HttpException({ detail: 'An upload must be multipart/form-data, with one "files" part per file' }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    const settings = await this.settings.read();
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > settings.maxUploadTotalBytes + ENVELOPE_ALLOWANCE) {
      discardRest(request);
      throw tooLarge(`The upload is larger than the ${humanSize(settings.maxUploadTotalBytes)} limit per request`);
    }
    const root = await this.workspace.paths.root();
    const received = await receive(request, root, settings);
    try {
      if (received.files.length === 0) throw new BadRequestException({ detail: 'No files: send each file as a "files" part' });
      const policy = (received.fields.conflict ?? 'rename') as ConflictPolicy;
      if (!CONFLICT_POLICIES.includes(policy)) throw new BadRequestException({ detail: `conflict must be one of ${CONFLICT_POLICIES.join(', ')}` });
      const names = parseClientPath(received.fields.path);
      const folder = await this.workspace.paths.folder(names);
      const placed = await place(received.files, folder, policy);
      await this.activity.record(
        'workspace.upload',
        `Uploaded ${listForSummary(placed.map((file) => file.path))} (${humanSize(placed.reduce((sum, file) => sum + file.size, 0))})`,
        placed.map((file) => `${file.path} (${file.sizeHuman})`),
      );
      return { ok: true, files: placed };
    } finally {
      await Promise.all(received.files.map((file) => unlink(file.temp).catch(() => undefined)));
    }
  }
}

/** Reads the multipart body, staging each file in `stageDir`; rejects (and removes what it staged) on the first problem. */
function receive(request: Request, stageDir: string, settings: WorkspaceSettings): Promise<ReceivedUpload> {
  return new Promise<ReceivedUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        limits: {
          // busboy calls a file that reaches fileSize truncated: one byte more lets a file of exactly the limit through
          fileSize: settings.maxUploadFileBytes + 1,
          files: settings.maxUploadFiles,
          fields: FIELDS.length,
          fieldSize: 8 * 1024,
          parts: settings.maxUploadFiles + FIELDS.length,
        },
      });
    } catch (error) {
      discardRest(request);
      reject(new BadRequestException({ detail: `Malformed multipart request: ${(error as Error).message}` }));
      return;
    }

    const fields: ReceivedUpload['fields'] = {};
    const files: StagedFile[] = [];
    const writes: Array<Promise<void>> = [];
    const streams: Array<{ destroy(): void }> = [];
    let total = 0;
    let failure: unknown;
    let done = false;

    const fail = (error: unknown) => {
      if (failure !== undefined || done) return;
      failure = error;
      request.unpipe(parser);
      parser.removeAllListeners('close');
      parser.on('error', () => undefined);
      for (const stream of streams) stream.destroy();
      discardRest(request);
      void Promise.allSettled(writes)
        .then(() => Promise.all(files.map((file) => unlink(file.temp).catch(() => undefined))))
        .then(() => reject(error));
    };

    parser.on('file', (field: string, stream: Readable, info: busboy.FileInfo) => {
      if (failure !== undefined) {
        stream.resume();
        return;
      }
      if (field !== 'files') return fail(new BadRequestException({ detail: `Unexpected file part "${field}": send each file as a "files" part` }));
      let originalName: string;
      try {
        originalName = parseName(info.filename ?? '', 'file name');
      } catch (error) {
        return fail(error);
      }
      const staged: StagedFile = { originalName, temp: join(stageDir, `${UPLOAD_TEMP_PREFIX}${randomUUID()}.part`), size: 0 };
      files.push(staged);
      const out = createWriteStream(staged.temp, { flags: 'wx', mode: 0o644 });
      streams.push(stream, out);
      stream.on('data', (chunk: Buffer) => {
        staged.size += chunk.length;
        total += chunk.length;
        if (total > settings.maxUploadTotalBytes) {
          fail(tooLarge(`The upload is larger than the ${humanSize(settings.maxUploadTotalBytes)} limit per request`));
        }
      });
      stream.on('limit', () => fail(tooLarge(`${originalName} is larger than the ${humanSize(settings.maxUploadFileBytes)} limit per file`)));
      writes.push(pipeline(stream, out).catch((error) => fail(error)));
    });

    parser.on('field', (field: string, value: string, info: busboy.FieldInfo) => {
      if (!(FIELDS as readonly string[]).includes(field)) return fail(new BadRequestException({ detail: `Unexpected form field "${field}"` }));
      if (info.valueTruncated) return fail(new BadRequestException({ detail: `Form field "${field}" is too long` }));
      if (fields[field as (typeof FIELDS)[number]] !== undefined) return fail(new BadRequestException({ detail: `Form field "${field}" was sent twice` }));
      fields[field as (typeof FIELDS)[number]] = value;
    });
    parser.on('filesLimit', () => fail(tooLarge(`Too many files: at most ${settings.maxUploadFiles} per upload`)));
    parser.on('fieldsLimit', () => fail(new BadRequestException({ detail: 'Too many form fields' })));
    parser.on('partsLimit', () => fail(tooLarge(`Too many parts: at most ${settings.maxUploadFiles} files per upload`)));
    parser.on('error', (error: Error) => fail(new BadRequestException({ detail: `Malformed multipart request: ${error.message}` })));
    parser.on('close', () => {
      void Promise.all(writes).then(() => {
        if (failure !== undefined) return;
        done = true;
        resolve({ fields, files });
      });
    });
    request.on('error', (error) => fail(error));
    request.on('close', () => {
      if (!request.complete) fail(new BadRequestException({ detail: 'The upload was interrupted' }));
    });
    request.pipe(parser);
  });
}

/** Puts every staged file into the folder; on a failure the files already placed (never overwritten ones) are removed. */
async function place(files: StagedFile[], folder: ResolvedPath, policy: ConflictPolicy): Promise<UploadedFileDto[]> {
  if (policy === 'error') {
    for (const file of files) {
      const taken = await lstat(join(folder.real, file.originalName)).then(() => true, () => false);
      if (taken) throw new ConflictException({ detail: `Already exists: ${relIn(folder, file.originalName)}` });
    }
  }
  const created: string[] = [];
  const placed: UploadedFileDto[] = [];
  try {
    for (const file of files) {
      const name = await placeOne(file, folder, policy, created);
      const rel = relIn(folder, name);
      placed.push({ ...describeEntry(name, rel, await stat(join(folder.real, name))), originalName: file.originalName });
    }
    return placed;
  } catch (error) {
    await Promise.all(created.map((path) => unlink(path).catch(() => undefined)));
    throw error;
  }
}

async function placeOne(file: StagedFile, folder: ResolvedPath, policy: ConflictPolicy, created: string[]): Promise<string> {
  if (policy === 'overwrite') {
    const target = join(folder.real, file.originalName);
    const existing = await lstat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw new ConflictException({ detail: `A folder has this name: ${relIn(folder, file.originalName)}` });
    await moveInto(file, target, folder.real);
    if (!existing) created.push(target);
    return file.originalName;
  }
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const name = attempt === 0 ? file.originalName : numbered(file.originalName, attempt);
    const target = join(folder.real, name);
    try {
      await linkInto(file, target, folder.real);
      created.push(target);
      return name;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      if (policy === 'error') throw new ConflictException({ detail: `Already exists: ${relIn(folder, name)}` });
    }
  }
  throw new ConflictException({ detail: `Too many files named like ${file.originalName}` });
}

/** `report.pdf` → `report (2).pdf`; a name too long for a suffix is shortened first. */
function numbered(name: string, n: number): string {
  const extension = extname(name);
  const base = extension ? name.slice(0, -extension.length) : name;
  const suffix = ` (${n})${extension}`;
  let shortened = base;
  while (Buffer.byteLength(shortened + suffix, 'utf8') > 255) shortened = shortened.slice(0, -1);
  return shortened + suffix;
}

const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'];

/** A new name for the staged file (which stays staged), failing with EEXIST rather than replacing anything. */
async function linkInto(file: StagedFile, target: string, folder: string): Promise<void> {
  try {
    await link(file.temp, target);
  } catch (error) {
    if (errorCode(error) === 'EXDEV') {
      await copyBeside(file, folder);
      return linkInto(file, target, folder);
    }
    if (!NO_HARD_LINKS.includes(errorCode(error) ?? '')) throw error;
    // a file system without hard links: check, then rename (a name taken in between is the only race left)
    if (await lstat(target).then(() => true, () => false)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    await moveInto(file, target, folder);
  }
}

/** Atomic replace of `target` by the staged file. */
async function moveInto(file: StagedFile, target: string, folder: string): Promise<void> {
  try {
    await rename(file.temp, target);
  } catch (error) {
    if (errorCode(error) !== 'EXDEV') throw error;
    await copyBeside(file, folder);
    await rename(file.temp, target);
  }
}

/** A copy of the staged file beside the target (another file system than the root), so the last step stays a rename or link. */
async function copyBeside(file: StagedFile, folder: string): Promise<void> {
  const beside = join(folder, `${UPLOAD_TEMP_PREFIX}${randomUUID()}.part`);
  await copyFile(file.temp, beside);
  await unlink(file.temp).catch(() => undefined);
  file.temp = beside;
}

function relIn(folder: ResolvedPath, name: string): string {
  return folder.rel ? `${folder.rel}/${name}` : name;
}

