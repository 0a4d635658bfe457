import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { TasksModule } from '../tasks/tasks.module';
import { BuiltinSituations } from './builtin-situations.service';
import { ProactiveRuleEntity } from './entities/proactive-rule.entity';
import { RuleCooldownEntity } from './entities/rule-cooldown.entity';
import { ProactiveRulesController } from './proactive-rules.controller';
import { ProactiveRulesService } from './proactive-rules.service';
import { ProactiveTicker } from './proactive-ticker.service';
import { RuleEngine } from './rule-engine.service';
import { SituationScans } from './situation-scans.service';

/** M8 proactive rules: CRUD and toggle, the built-in rules of every organisation, the engine that fires them, the minute scans. */
@Module({
  imports: [TypeOrmModule.forFeature([ProactiveRuleEntity, RuleCooldownEntity]), OrganizationsModule, BoardsModule, ActivityModule, TasksModule, SuggestionsModule],
  controllers: [ProactiveRulesController],
  providers: [ProactiveRulesService, RuleEngine, BuiltinSituations, SituationScans, ProactiveTicker],
})
export class ProactiveRulesModule {}
