import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TaskEntity } from '../tasks/entities/task.entity';
import { TagEntity } from './entities/tag.entity';
import { TaskTagEntity } from './entities/task-tag.entity';
import { TagsController } from './tags.controller';
import { TagsService } from './tags.service';

/** The tag catalogue of each organisation and which tasks carry which tags. */
@Module({
  imports: [TypeOrmModule.forFeature([TagEntity, TaskTagEntity, TaskEntity]), OrganizationsModule, ActivityModule],
  controllers: [TagsController],
  providers: [TagsService],
  exports: [TagsService],
})
export class TagsModule {}
