import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { AgentEntity } from '../agents/entities/agent.entity';
import { GatewaysModule } from '../gateways/gateways.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AgentTargets } from './agent-targets';
import { MarketplaceSkillEntity } from './entities/marketplace-skill.entity';
import { SkillInstallationEntity } from './entities/skill-installation.entity';
import { SkillInstallsService } from './skill-installs.service';
import { SkillsMarketplaceController } from './skills-marketplace.controller';
import { SkillsMarketplaceService } from './skills-marketplace.service';

/** Each organisation's skill catalogue and installing its skills on agents' gateways. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MarketplaceSkillEntity, SkillInstallationEntity, AgentEntity]),
    OrganizationsModule,
    ActivityModule,
    GatewaysModule,
  ],
  controllers: [SkillsMarketplaceController],
  providers: [SkillsMarketplaceService, SkillInstallsService, AgentTargets],
  exports: [SkillsMarketplaceService],
})
export class SkillsMarketplaceModule {}
