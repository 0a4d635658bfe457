import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateProactiveRuleDto, ProactiveRuleDto, ProactiveRuleListQueryDto, UpdateProactiveRuleDto } from './dto/proactive-rule.dto';
import { ProactiveRulesService } from './proactive-rules.service';

@ApiTags('Proactive rules')
@AdminAuth()
@Controller('api/v1/proactive-rules')
export class ProactiveRulesController {
  constructor(private readonly rules: ProactiveRulesService) {}

  @Get()
  @ApiOperation({ summary: "List rules: each organization's own and its built-in rules (builtin: true)" })
  @ApiPageResponse(ProactiveRuleDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: ProactiveRuleListQueryDto) {
    return this.rules.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a rule (trigger, conditions and action are checked: an unknown one is a 422 naming the field)' })
  @ApiCreatedResponse({ type: ProactiveRuleDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateProactiveRuleDto) {
    return this.rules.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a rule' })
  @ApiOkResponse({ type: ProactiveRuleDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.rules.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Update a rule (a built-in rule's trigger, action and board are fixed: 409)" })
  @ApiOkResponse({ type: ProactiveRuleDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: "changing a built-in rule's trigger, action or board" })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateProactiveRuleDto) {
    return this.rules.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule (built-in rules cannot be deleted: 409)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'a built-in rule' })
  async remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string): Promise<void> {
    await this.rules.remove(principal, id);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable or disable a rule (flips enabled); answers the rule' })
  @ApiOkResponse({ type: ProactiveRuleDto })
  toggle(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.rules.toggle(principal, id);
  }
}
