import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { ActivityService } from './activity.service';
import { ActivityEntryDto, ActivityListQueryDto } from './dto/activity.dto';

@ApiTags('Activity')
@AdminAuth()
@Controller('api/v1/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit timeline of every write, newest first, filterable',
    description: 'An admin bound to one organization sees that organization\'s entries only.',
  })
  @ApiPageResponse(ActivityEntryDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: ActivityListQueryDto) {
    return this.activity.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One audit entry' })
  @ApiOkResponse({ type: ActivityEntryDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.activity.get(principal, id);
  }
}
