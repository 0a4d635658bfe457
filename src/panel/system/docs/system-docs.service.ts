import { lstat, mkdir, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { PanelEventsService } from '../../events/panel-events.service';
import { DocDto, DocSavedDto, DocsDto, IdentityDocsDto } from '../dto/system.dto';
import { writeFileAtomic } from '../../files/atomic-file';
import { isInside, markdownPathSegments, resolveConfined } from '../files/confined-path';

/** Largest document the panel reads into a listing or accepts in a save. */
export const MAX_DOC_BYTES = 512 * 1024;
const MAX_LISTED_DOCS = 300;
/** Content of all listed documents together; later ones are listed without it (tooLarge). */
const MAX_LISTED_BYTES = 4 * 1024 * 1024;
const MAX_SCAN_DEPTH = 6;
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * The workspace files OpenClaw injects into an agent's context (docs: concepts/agent-workspace),
 * plus the older TOOLS.md and HEARTBEAT.md the panel's client lists.
 */
export const IDENTITY_FILES = ['AGENTS.md', 'SOUL.md', 'IDENTITY.md', 'USER.md', 'TOOLS.md', 'HEARTBEAT.md', 'BOOTSTRAP.md', 'BOOT.md', 'MEMORY.md'] as const;

class PayloadTooLarge extends HttpException {
  constructor(detail: string) {
    super({ detail }, HttpStatus.PAYLOAD_TOO_LARGE);
  }
}

/**
 * Markdown documents of the OpenClaw folder (`/api/system/docs`) and the workspace identity files
 * (`/api/system/identity-docs`). Clients see and send paths relative to the folder; nothing outside
 * it (`..`, absolute paths, symbolic links leading out, hidden files) is read or written.
 */
@Injectable()
export class SystemDocsService {
  constructor(
    private readonly config: AppConfig,
    private readonly events: PanelEventsService,
  ) {}

  async listDocs(): Promise<DocsDto> {
    const root = this.config.panel.openclawHome;
    const docs: DocDto[] = [];
    const realRoot = await realpath(root).catch(() => undefined);
    if (realRoot) await this.scan(realRoot, [], docs, { left: MAX_LISTED_BYTES });
    docs.sort((a, b) => a.path.localeCompare(b.path));
    return { ok: true, docs };
  }

  async listIdentityDocs(): Promise<IdentityDocsDto> {
    const root = this.config.panel.workspaceRoot;
    const realRoot = await realpath(root).catch(() => undefined);
    const docs: DocDto[] = [];
    for (const name of IDENTITY_FILES) {
      docs.push(realRoot ? await this.describe(realRoot, join(realRoot, name), name) : { name, path: name, content: '', size: 0, exists: false });
    }
    return { ok: true, docs, workDir: root };
  }

  async saveDoc(path: unknown, content: string): Promise<DocSavedDto> {
    const segments = markdownPathSegments(path);
    const root = this.config.panel.openclawHome;
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new NotFoundException({ detail: `the OpenClaw folder ${root} does not exist` });
    const saved = await this.write(root, segments, content);
    await this.events.record({ source: 'system', type: 'system.docs.update', summary: `Saved document ${saved.path} (${saved.size} bytes)` });
    return saved;
  }

  async saveIdentityDoc(path: unknown, content: string): Promise<DocSavedDto> {
    const segments = markdownPathSegments(path);
    const name = segments.join('/');
    const known = IDENTITY_FILES.find((file) => file.toLowerCase() === name.toLowerCase());
    if (!known) throw new ForbiddenException({ detail: `only the workspace identity files can be edited here: ${IDENTITY_FILES.join(', ')}` });
    const root = this.config.panel.workspaceRoot;
    await mkdir(root, { recursive: true });
    const saved = await this.write(root, [known], content);
    await this.events.record({ source: 'system', type: 'system.identity-docs.update', summary: `Saved identity document ${known} (${saved.size} bytes)` });
    return saved;
  }

  private async write(root: string, segments: string[], content: string): Promise<DocSavedDto> {
    const size = Buffer.byteLength(content, 'utf8');
    if (size > MAX_DOC_BYTES) throw new PayloadTooLarge(`content is ${size} bytes; documents are limited to ${MAX_DOC_BYTES} bytes`);
    if (content.includes('\0')) throw new UnprocessableEntityException({ detail: 'content must not contain NUL bytes' });
    const target = await resolveConfined(root, segments);
    await writeFileAtomic(target.path, content, { mode: 0o644 });
    return { ok: true, path: segments.join('/'), size, existed: target.exists };
  }

  /** One listed document: content when it is a regular file inside the root and small enough. */
  private async describe(realRoot: string, full: string, relativePath: string, budget = { left: MAX_LISTED_BYTES }): Promise<DocDto> {
    const base = { name: relativePath, path: relativePath };
    const link = await lstat(full).catch(() => undefined);
    if (!link) return { ...base, content: '', size: 0, exists: false };
    let info = link;
    if (link.isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined);
      if (!target || !isInside(realRoot, target)) return { ...base, content: '', size: 0, exists: true, error: 'a symbolic link leading outside the folder' };
      info = await stat(target);
    }
    if (!info.isFile()) return { ...base, content: '', size: 0, exists: true, error: 'not a regular file' };
    const modified = info.mtime.toISOString();
    if (info.size > MAX_DOC_BYTES || info.size > budget.left) return { ...base, content: '', size: info.size, modified, exists: true, tooLarge: true };
    budget.left -= info.size;
    return { ...base, content: await readFile(full, 'utf8'), size: info.size, modified, exists: true };
  }

  /** Markdown files below the OpenClaw folder, not following symbolic links, skipping hidden folders and node_modules. */
  private async scan(dir: string, prefix: string[], docs: DocDto[], budget: { left: number }): Promise<void> {
    if (prefix.length > MAX_SCAN_DEPTH) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (docs.length >= MAX_LISTED_DOCS) return;
      if (entry.name.startsWith('.') || entry.isSymbolicLink()) continue;
      const segments = [...prefix, entry.name];
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await this.scan(join(dir, entry.name), segments, docs, budget);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
        docs.push(await this.describe(dir, join(dir, entry.name), segments.join('/'), budget));
      }
    }
  }
}
