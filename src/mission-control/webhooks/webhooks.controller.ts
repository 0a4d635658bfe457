import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal, Public } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import type { RequestWithRawBody } from '../../core/http/body-parsing';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse, PageQueryDto } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import {
  CreateWebhookDto,
  DeliveryReceiptDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
  WebhookWithSecretDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Board webhooks')
@AdminAuth()
@Controller('api/v1/boards/:id/webhooks')
export class BoardWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: "A board's inbound webhooks" })
  @ApiPageResponse(WebhookDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Query() query: PageQueryDto) {
    return this.webhooks.list(principal, id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Define an inbound webhook; its signing secret is shown only in this answer' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(principal, id, dto);
  }

  @Get(':webhook_id')
  @ApiOperation({ summary: 'A webhook with its delivery counts' })
  @ApiOkResponse({ type: WebhookDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('webhook_id') webhookId: string) {
    return this.webhooks.get(principal, id, webhookId);
  }

  @Patch(':webhook_id')
  @ApiOperation({ summary: 'Rename, enable or disable a webhook' })
  @ApiOkResponse({ type: WebhookDto })
  update(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @UuidParam('webhook_id') webhookId: string,
    @Body() dto: UpdateWebhookDto,
  ) {
    return this.webhooks.update(principal, id, webhookId, dto);
  }

  @Delete(':webhook_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its deliveries' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('webhook_id') webhookId: string) {
    return this.webhooks.remove(principal, id, webhookId);
  }

  @Post(':webhook_id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret (shown once); the old one stops working' })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  rotateSecret(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('webhook_id') webhookId: string) {
    return this.webhooks.rotateSecret(principal, id, webhookId);
  }

  @Get(':webhook_id/deliveries')
  @ApiOperation({ summary: 'The deliveries a webhook accepted, newest first' })
  @ApiPageResponse(WebhookDeliveryDto)
  deliveries(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @UuidParam('webhook_id') webhookId: string,
    @Query() query: PageQueryDto,
  ) {
    return this.webhooks.listDeliveries(principal, id, webhookId, query);
  }
}

@ApiTags('Board webhooks')
@Controller('api/v1/webhooks/inbound')
export class InboundWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(':webhook_id')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Where an external system delivers to a board webhook (no credentials: the signature is the proof)',
    description:
      'JSON body; header X-Signature-256 (or X-Hub-Signature-256): sha256=<hex HMAC-SHA256 of the raw body with the ' +
      "webhook's secret>. Optional X-Event-Type names the event. Unsigned or wrongly signed: 401; disabled: 403; not JSON: 415.",
  })
  @ApiHeader({ name: 'X-Signature-256', required: true, description: 'sha256=<hex>' })
  @ApiAcceptedResponse({ type: DeliveryReceiptDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  receive(@UuidParam('webhook_id') webhookId: string, @Req() request: RequestWithRawBody) {
    return this.webhooks.receive(webhookId, { rawBody: request.rawBody, body: request.body, headers: request.headers });
  }
}
