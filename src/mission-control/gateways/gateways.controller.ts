import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateGatewayDto, GatewayConnectionsDto, GatewayDto, GatewayListQueryDto, GatewayMetricsDto, UpdateGatewayDto } from './dto/gateway.dto';
import { GatewaysService } from './gateways.service';

@ApiTags('Gateways')
@AdminAuth()
@Controller('api/v1/gateways')
export class GatewaysController {
  constructor(private readonly gateways: GatewaysService) {}

  @Get()
  @ApiOperation({ summary: 'List gateways' })
  @ApiPageResponse(GatewayDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: GatewayListQueryDto) {
    return this.gateways.list(principal, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a gateway this service dials itself (direct mode)',
    description: 'The token is stored encrypted and never returned. Gateways behind a firewall register themselves instead (gateway-registry).',
  })
  @ApiCreatedResponse({ type: GatewayDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateGatewayDto) {
    return this.gateways.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a gateway' })
  @ApiOkResponse({ type: GatewayDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.gateways.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a gateway (name, url, token; null clears url or token)' })
  @ApiOkResponse({ type: GatewayDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateGatewayDto) {
    return this.gateways.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a gateway (its agents stay, without a gateway)' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.gateways.remove(principal, id);
  }

  @Get(':id/connections')
  @ApiOperation({
    summary: 'Who is connected through the gateway now',
    description: 'The relay socket of its connector, H5 chat sockets of users assigned to its agents (on any instance), and the sessions the gateway itself reports (`sessions_available: false` when it cannot be reached).',
  })
  @ApiOkResponse({ type: GatewayConnectionsDto })
  connections(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.gateways.connections(principal, id);
  }

  @Get(':id/metrics')
  @ApiOperation({ summary: 'Health of the gateway: status, last heartbeat, call latency, relayed messages, errors' })
  @ApiOkResponse({ type: GatewayMetricsDto })
  metrics(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.gateways.metrics(principal, id);
  }
}
