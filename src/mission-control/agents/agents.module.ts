import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AgentTokenStrategy } from './agent-token.strategy';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';
import { AgentCapabilityEntity } from './entities/agent-capability.entity';
import { AgentEntity } from './entities/agent.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AgentEntity, AgentCapabilityEntity]), OrganizationsModule, BoardsModule, ActivityModule],
  controllers: [AgentsController],
  providers: [AgentsService, AgentTokenStrategy],
  exports: [AgentsService, TypeOrmModule],
})
export class AgentsModule {}
