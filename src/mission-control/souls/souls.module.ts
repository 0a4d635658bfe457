import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { AgentEntity } from '../agents/entities/agent.entity';
import { GatewaysModule } from '../gateways/gateways.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AgentTargets } from '../skills-marketplace/agent-targets';
import { SoulTemplateEntity } from './entities/soul-template.entity';
import { SoulsController } from './souls.controller';
import { SoulsService } from './souls.service';

/** The souls directory: built-in and per-organisation SOUL.md templates, applied to agents through their gateways. */
@Module({
  imports: [TypeOrmModule.forFeature([SoulTemplateEntity, AgentEntity]), OrganizationsModule, ActivityModule, GatewaysModule],
  controllers: [SoulsController],
  providers: [SoulsService, AgentTargets],
})
export class SoulsModule {}
