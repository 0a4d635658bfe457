import { Module } from '@nestjs/common';
import { ActivityModule } from './activity/activity.module';
import { AgentsModule } from './agents/agents.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { AdminAuthModule } from './auth/auth.module';
import { BoardsModule } from './boards/boards.module';
import { CalendarModule } from './calendar/calendar.module';
import { CommandCenterModule } from './command-center/command-center.module';
import { CustomFieldsModule } from './custom-fields/custom-fields.module';
import { GatewayRegistryModule } from './gateway-registry/gateway-registry.module';
import { GatewaysModule } from './gateways/gateways.module';
import { H5Module } from './h5/h5.module';
import { H5ChatModule } from './h5-chat/h5-chat.module';
import { HealthModule } from './health/health.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { MemoryModule } from './memory/memory.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ProactiveRulesModule } from './proactive-rules/proactive-rules.module';
import { PipelinesModule } from './pipelines/pipelines.module';
import { SkillsMarketplaceModule } from './skills-marketplace/skills-marketplace.module';
import { SoulsModule } from './souls/souls.module';
import { SuggestionsModule } from './suggestions/suggestions.module';
import { TagsModule } from './tags/tags.module';
import { TasksModule } from './tasks/tasks.module';
import { TeamsModule } from './teams/teams.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The Mission Control API (`/api/v1`, the probes). */
@Module({
  imports: [
    HealthModule,
    ActivityModule,
    AdminAuthModule,
    OrganizationsModule,
    UsersModule,
    BoardsModule,
    AgentsModule,
    TasksModule,
    TagsModule,
    CustomFieldsModule,
    MemoryModule,
    KnowledgeModule,
    WebhooksModule,
    MetricsModule,
    ApprovalsModule,
    SuggestionsModule,
    CalendarModule,
    H5Module,
    GatewaysModule,
    GatewayRegistryModule,
    H5ChatModule,
    SkillsMarketplaceModule,
    SoulsModule,
    ProactiveRulesModule,
    PipelinesModule,
    TeamsModule,
    CommandCenterModule,
  ],
})
export class MissionControlModule {}
