import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { ApprovalsService } from './approvals.service';
import { ApprovalDto, ApprovalListQueryDto, CreateApprovalDto, DecideApprovalDto } from './dto/approval.dto';

@ApiTags('Approvals')
@AdminAuth()
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @ApiOperation({ summary: 'List approval requests' })
  @ApiPageResponse(ApprovalDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: ApprovalListQueryDto) {
    return this.approvals.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Request an approval for a task (one pending per task)' })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the task already has a pending approval' })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateApprovalDto) {
    return this.approvals.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an approval' })
  @ApiOkResponse({ type: ApprovalDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.approvals.get(principal, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (once: deciding again is a 409)' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already decided' })
  approve(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: DecideApprovalDto) {
    return this.approvals.approve(principal, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject (once: deciding again is a 409)' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already decided' })
  reject(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: DecideApprovalDto) {
    return this.approvals.reject(principal, id, dto);
  }
}
