import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { BoardEntity } from '../boards/entities/board.entity';
import { MemoryEntryEntity } from './entities/memory-entry.entity';
import { AgentBoardMemoryController, BoardGroupMemoryController, BoardMemoryController } from './memory.controllers';
import { MemoryService } from './memory.service';

/** Board and board group memory: persistent notes for people and agents. */
@Module({
  imports: [TypeOrmModule.forFeature([MemoryEntryEntity, BoardEntity]), BoardsModule, ActivityModule],
  controllers: [BoardMemoryController, BoardGroupMemoryController, AgentBoardMemoryController],
  providers: [MemoryService],
})
export class MemoryModule {}
