import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmbeddingsModule } from '../../integrations/embeddings/embeddings.module';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { KnowledgeDocumentEntity } from './entities/knowledge-document.entity';
import { KnowledgeEntryEntity } from './entities/knowledge-entry.entity';
import { KnowledgeDocumentsService } from './knowledge-documents.service';
import { KnowledgeEmbeddings } from './knowledge-embeddings.service';
import { KnowledgeSearchService } from './knowledge-search.service';
import { KnowledgeVectors } from './knowledge-vectors';
import { AgentKnowledgeController, KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';

/** M12: the knowledge base: entries and documents, keyword search in Chinese and English, vectors made by jobs, hybrid search. */
@Module({
  imports: [TypeOrmModule.forFeature([KnowledgeEntryEntity, KnowledgeDocumentEntity]), OrganizationsModule, BoardsModule, ActivityModule, EmbeddingsModule],
  controllers: [KnowledgeController, AgentKnowledgeController],
  providers: [KnowledgeService, KnowledgeSearchService, KnowledgeDocumentsService, KnowledgeEmbeddings, KnowledgeVectors],
})
export class KnowledgeModule {}
