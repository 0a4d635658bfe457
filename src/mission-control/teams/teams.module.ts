import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { CapabilitySearchService } from './capability-search.service';
import { AgentTeamEntity, AgentTeamMemberEntity } from './entities/agent-team.entity';
import { AgentCapabilitiesController, TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

/** M13: agent teams (type, lead, members with roles) and the capability search. */
@Module({
  imports: [TypeOrmModule.forFeature([AgentTeamEntity, AgentTeamMemberEntity]), OrganizationsModule, ActivityModule],
  controllers: [TeamsController, AgentCapabilitiesController],
  providers: [TeamsService, CapabilitySearchService],
})
export class TeamsModule {}
