import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { CustomFieldsController } from './custom-fields.controller';
import { CustomFieldsService } from './custom-fields.service';
import { TaskCustomFieldEntity } from './entities/task-custom-field.entity';

/** Typed custom fields of tasks and the checks their values go through. */
@Module({
  imports: [TypeOrmModule.forFeature([TaskCustomFieldEntity]), OrganizationsModule, BoardsModule, ActivityModule],
  controllers: [CustomFieldsController],
  providers: [CustomFieldsService],
  exports: [CustomFieldsService],
})
export class CustomFieldsModule {}
