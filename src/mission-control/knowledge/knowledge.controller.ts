import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminAuth, AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import {
  CreateKnowledgeDto,
  KnowledgeDocumentDto,
  KnowledgeEntryDto,
  KnowledgeListQueryDto,
  KnowledgeSearchDto,
  KnowledgeSearchResultDto,
  PinKnowledgeDto,
  SaveKnowledgeDto,
  UpdateKnowledgeDto,
} from './dto/knowledge.dto';
import { DOCUMENT_TYPES, KnowledgeDocumentsService } from './knowledge-documents.service';
import { KnowledgeSearchService } from './knowledge-search.service';
import { KnowledgeService } from './knowledge.service';
import { KEYWORD_MATCH_LIMIT } from './search-sql';

const SEARCH_DESCRIPTION =
  'Keyword: PostgreSQL full-text search over jieba words (search mode at indexing, precise mode for the query) and English stems, ' +
  'matching any query word, ranked by ts_rank_cd; keyword_score is the rank over the best rank of the search (0..1). At most ' +
  `${KEYWORD_MATCH_LIMIT} matching entries are ranked: when more match (a common word in a large base), keyword results are the best ` +
  `of the first ${KEYWORD_MATCH_LIMIT} the index yields (storage order, not relevance or date), so a better match may be missing; ` +
  'a rarer word or a board or category filter narrows the matches. Semantic: cosine ' +
  'similarity of vectors (pgvector HNSW where the database has pgvector, else an exact scan), negative taken as 0. Hybrid (default): ' +
  '0.3 × keyword + 0.7 × semantic. Pinned entries come first among equal scores. Vectors are made by a job after each change, so a ' +
  'new entry is found by keyword at once and by meaning a moment later. Without EMBEDDING_URL the built-in embedder hashes words and ' +
  'character n-grams: it matches wording, not meaning. Snippets are HTML-escaped with matches in <mark>…</mark>.';

@ApiTags('Knowledge')
@AdminAuth()
@Controller('api/v1/knowledge')
export class KnowledgeController {
  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly searchService: KnowledgeSearchService,
    private readonly documents: KnowledgeDocumentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List knowledge entries, pinned first (filters organization_id, board_id, category, tag, pinned)' })
  @ApiPageResponse(KnowledgeEntryDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: KnowledgeListQueryDto) {
    return this.knowledge.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a knowledge entry (indexed for keywords at once; its vector follows in a job)' })
  @ApiCreatedResponse({ type: KnowledgeEntryDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateKnowledgeDto) {
    return this.knowledge.create(principal, dto);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Search the knowledge base: keyword, semantic or hybrid', description: SEARCH_DESCRIPTION })
  @ApiOkResponse({ type: KnowledgeSearchResultDto })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'semantic mode and the embedding provider (EMBEDDING_URL) failed' })
  search(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: KnowledgeSearchDto) {
    return this.searchService.search(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A knowledge entry with its documents and the state of its vector' })
  @ApiOkResponse({ type: KnowledgeEntryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.knowledge.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a knowledge entry; a new title or content is re-indexed at once and re-embedded by a job' })
  @ApiOkResponse({ type: KnowledgeEntryDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateKnowledgeDto) {
    return this.knowledge.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a knowledge entry with its documents' })
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string): Promise<void> {
    await this.knowledge.remove(principal, id);
  }

  @Post(':id/pin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pin or unpin an entry: toggles, unless the body says {pinned}' })
  @ApiOkResponse({ type: KnowledgeEntryDto })
  pin(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: PinKnowledgeDto) {
    return this.knowledge.pin(principal, id, dto);
  }

  @Post(':id/documents')
  @ApiOperation({
    summary: 'Attach a document (multipart/form-data, one "file" part)',
    description:
      `Types: ${DOCUMENT_TYPES.join(', ')} (a part sent as application/octet-stream is known by its extension). Text must be UTF-8; ` +
      'HTML is reduced to its visible text; a PDF to the text of its pages. Only the text is kept: it joins the entry\'s search index ' +
      'and vector. Larger than KNOWLEDGE_MAX_DOCUMENT_BYTES: 413; another type or not multipart: 415; an unreadable PDF: 422.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: KnowledgeDocumentDto })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'the file is over KNOWLEDGE_MAX_DOCUMENT_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'not multipart, or a type other than text, Markdown, HTML or PDF' })
  upload(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Req() request: Request) {
    return this.documents.upload(principal, id, request);
  }

  @Delete('documents/:doc_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a document; its text leaves the entry\'s index and vector' })
  @ApiNoContentResponse({ description: 'removed' })
  async removeDocument(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam('doc_id') documentId: string): Promise<void> {
    await this.documents.remove(principal, documentId);
  }
}

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent/knowledge')
export class AgentKnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post()
  @ApiOperation({ summary: "Save a knowledge entry (source agent) to the agent's board; an agent without a board names one of its organization or none" })
  @ApiCreatedResponse({ type: KnowledgeEntryDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: "board_id is not the agent's board" })
  create(@CurrentPrincipal() agent: AgentPrincipal, @Body() dto: SaveKnowledgeDto) {
    return this.knowledge.createFromAgent(agent, dto);
  }
}
