import { Body, Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AgentPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApprovalsService } from './approvals.service';
import { ApprovalDto, CreateApprovalDto } from './dto/approval.dto';

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent/approvals')
export class AgentApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post()
  @ApiOperation({ summary: "Ask for an approval on a task of the agent's board (one pending per task)" })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the task already has a pending approval' })
  create(@CurrentPrincipal() agent: AgentPrincipal, @Body() dto: CreateApprovalDto) {
    return this.approvals.create(agent, dto);
  }
}
