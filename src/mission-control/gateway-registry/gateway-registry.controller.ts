import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminAuth, CurrentPrincipal, GatewayAuth, Public } from '../../core/auth/auth.decorators';
import type { AdminPrincipal, GatewayPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import {
  CreatedRegistrationTokenDto,
  CreateRegistrationTokenDto,
  HeartbeatAnswerDto,
  HeartbeatDto,
  RegisterGatewayDto,
  RegistrationDto,
  RegistrationTokenDto,
  RegistrationTokenListQueryDto,
} from './dto/registry.dto';
import { GatewayRegistryService } from './gateway-registry.service';

@ApiTags('Gateway registry')
@Controller('api/v1/gateway-registry')
export class GatewayRegistryController {
  constructor(private readonly registry: GatewayRegistryService) {}

  @Post('tokens')
  @AdminAuth()
  @ApiOperation({ summary: 'Mint a registration token (gw_reg_…) for an organization; shown only in this answer' })
  @ApiCreatedResponse({ type: CreatedRegistrationTokenDto })
  createToken(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateRegistrationTokenDto) {
    return this.registry.createToken(principal, dto);
  }

  @Get('tokens')
  @AdminAuth()
  @ApiOperation({ summary: 'List registration tokens (never the tokens themselves)' })
  @ApiPageResponse(RegistrationTokenDto)
  listTokens(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: RegistrationTokenListQueryDto) {
    return this.registry.listTokens(principal, query);
  }

  @Delete('tokens/:id')
  @AdminAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a registration token: later registrations with it are refused' })
  @ApiNoContentResponse()
  revokeToken(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.registry.revokeToken(principal, id);
  }

  @Post('register')
  @Public()
  @ApiOperation({
    summary: 'A gateway registers itself',
    description:
      'The credential is `registration_token` in the body (401 when unknown, expired or revoked). Registering the same `name` again ' +
      'updates that gateway and replaces its relay token. The connector then opens `relay_ws_url` and sends heartbeats with ' +
      '`Authorization: Bearer <relay_token>`.',
  })
  @ApiCreatedResponse({ type: RegistrationDto })
  register(@Body() dto: RegisterGatewayDto, @Req() request: Request) {
    return this.registry.register(dto, `${request.protocol}://${request.get('host')}`);
  }

  @Post('heartbeat')
  @GatewayAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A registered gateway reports it is alive (three missed intervals mark it offline)' })
  @ApiOkResponse({ type: HeartbeatAnswerDto })
  heartbeat(@CurrentPrincipal() principal: GatewayPrincipal, @Body() dto: HeartbeatDto) {
    return this.registry.heartbeat(principal, dto);
  }

  @Delete('deregister')
  @GatewayAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'A registered gateway leaves: its relay token stops working and it is offline at once' })
  @ApiNoContentResponse()
  deregister(@CurrentPrincipal() principal: GatewayPrincipal) {
    return this.registry.deregister(principal);
  }
}
