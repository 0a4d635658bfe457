import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { BoardGroupsController } from './board-groups.controller';
import { BoardGroupsService } from './board-groups.service';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';
import { BoardGroupEntity } from './entities/board-group.entity';
import { BoardEntity } from './entities/board.entity';

/** Board groups and boards, with the settings that govern the work on them. */
@Module({
  imports: [TypeOrmModule.forFeature([BoardEntity, BoardGroupEntity]), OrganizationsModule, ActivityModule],
  controllers: [BoardGroupsController, BoardsController],
  providers: [BoardsService, BoardGroupsService],
  exports: [BoardsService, BoardGroupsService],
})
export class BoardsModule {}
