import { HttpException, HttpStatus, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Request } from 'express';
import { extname } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { assertOrganizationAccess } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { discardRest, receiveSingleFile, ReceivedFile } from '../../core/http/multipart';
import { htmlToText } from '../../core/text/html-text';
import { pdfToText, UnreadablePdf } from '../../core/text/pdf-text';
import { KnowledgeDocumentDto } from './dto/knowledge.dto';
import { KnowledgeDocumentEntity } from './entities/knowledge-document.entity';
import { KnowledgeEntryEntity } from './entities/knowledge-entry.entity';
import { KnowledgeService } from './knowledge.service';

export const DOCUMENT_TYPES = ['text/plain', 'text/markdown', 'text/html', 'application/pdf'] as const;
type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Declared types taken as one of ours; a part declared as octet-stream (or not at all) is known by its extension. */
const TYPE_ALIASES: Record<string, DocumentType> = {
  'text/plain': 'text/plain',
  'text/markdown': 'text/markdown',
  'text/x-markdown': 'text/markdown',
  'text/html': 'text/html',
  'application/xhtml+xml': 'text/html',
  'application/pdf': 'application/pdf',
};
const EXTENSIONS: Record<string, DocumentType> = {
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.pdf': 'application/pdf',
};

const unsupported = (detail: string) => new HttpException({ detail }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);

function documentTypeOf(file: ReceivedFile): DocumentType {
  const declared = TYPE_ALIASES[file.mimeType];
  if (declared) return declared;
  const byExtension = EXTENSIONS[extname(file.filename).toLowerCase()];
  if (byExtension && (file.mimeType === 'application/octet-stream' || file.mimeType === '')) return byExtension;
  throw unsupported(`Unsupported document type ${file.mimeType}: send text/plain, text/markdown, text/html or application/pdf`);
}

function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    throw new UnprocessableEntityException({ detail: 'A text document must be UTF-8' });
  }
}

const humanBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`);

/** A document changes its entry: the entry's updated_at moves. */
async function touch(manager: EntityManager, entry: KnowledgeEntryEntity): Promise<void> {
  const [row] = (await manager.query(`WITH touched AS (UPDATE knowledge_entries SET updated_at = now() WHERE id = $1 RETURNING updated_at) SELECT updated_at FROM touched`, [entry.id])) as Array<{ updated_at: Date }>;
  if (row) entry.updatedAt = new Date(row.updated_at);
}

/** Documents attached to entries: the file is read into memory, its text extracted and kept; the file itself is not. */
@Injectable()
export class KnowledgeDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly knowledge: KnowledgeService,
    private readonly config: AppConfig,
  ) {}

  async upload(principal: AdminPrincipal, entryId: string, request: Request): Promise<KnowledgeDocumentDto> {
    const entry = await this.knowledge.load(principal, entryId).catch((error: unknown) => {
      discardRest(request);
      throw error;
    });
    const maxBytes = this.config.knowledgeMaxDocumentBytes;
    const file = await receiveSingleFile(request, { field: 'file', maxBytes, sizeLabel: humanBytes(maxBytes) });
    const filename = file.filename.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'document';
    const type = documentTypeOf(file);
    const text = (await this.extract(type, file.data)).replace(/\u0000/g, '');
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.createQueryBuilder(KnowledgeEntryEntity, 'e').setLock('pessimistic_write').where('e.id = :id', { id: entry.id }).getOne();
      if (!locked) throw new NotFoundException({ detail: 'Knowledge entry not found' });
      const saved = await manager.save(
        manager.create(KnowledgeDocumentEntity, {
          organizationId: locked.organizationId,
          knowledgeId: locked.id,
          filename,
          contentType: type,
          size: file.data.length,
          extractedText: text,
          extractedChars: text.length,
        }),
      );
      await this.knowledge.reindex(manager, locked.id);
      await touch(manager, locked);
      await this.knowledge.recordUpdate(manager, principal, locked, { documents: { from: null, to: { added: filename, id: saved.id } } }, `Document "${filename}" attached to knowledge entry "${locked.title}"`);
      return KnowledgeDocumentDto.from(saved);
    });
  }

  async remove(principal: AdminPrincipal, documentId: string): Promise<void> {
    const document = await this.dataSource.manager.findOneBy(KnowledgeDocumentEntity, { id: documentId });
    if (!document) throw new NotFoundException({ detail: 'Document not found' });
    assertOrganizationAccess(principal, document.organizationId);
    await this.dataSource.transaction(async (manager) => {
      const entry = await manager.createQueryBuilder(KnowledgeEntryEntity, 'e').setLock('pessimistic_write').where('e.id = :id', { id: document.knowledgeId }).getOne();
      if (!entry) throw new NotFoundException({ detail: 'Document not found' });
      await manager.delete(KnowledgeDocumentEntity, { id: documentId });
      await this.knowledge.reindex(manager, entry.id);
      await touch(manager, entry);
      await this.knowledge.recordUpdate(manager, principal, entry, { documents: { from: { removed: document.filename, id: document.id }, to: null } }, `Document "${document.filename}" removed from knowledge entry "${entry.title}"`);
    });
  }

  private async extract(type: DocumentType, data: Buffer): Promise<string> {
    switch (type) {
      case 'application/pdf':
        try {
          return await pdfToText(data);
        } catch (error) {
          if (error instanceof UnreadablePdf) throw new UnprocessableEntityException({ detail: error.message.slice(0, 300) });
          throw error;
        }
      case 'text/html':
        return htmlToText(decodeUtf8(data));
      default:
        return decodeUtf8(data);
    }
  }
}
