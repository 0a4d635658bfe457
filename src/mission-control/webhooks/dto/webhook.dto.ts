import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Omittable } from '../../../core/http/validation';
import { BoardWebhookEntity } from '../entities/board-webhook.entity';
import { WebhookDeliveryEntity } from '../entities/webhook-delivery.entity';

export class CreateWebhookDto {
  @ApiProperty({ example: 'GitHub pushes', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ default: true }) @Omittable() @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional() @Omittable() @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid' }) board_id: string;
  @ApiProperty() name: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ example: '/api/v1/webhooks/inbound/2b6f…', description: 'where the external system POSTs' }) inbound_path: string;
  @ApiProperty({ example: 'whsec_Ab', description: 'first characters of the secret' }) secret_hint: string;
  @ApiProperty() deliveries_accepted: number;
  @ApiProperty({ description: 'unsigned or wrongly signed deliveries refused' }) deliveries_rejected: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_delivery_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: BoardWebhookEntity): WebhookDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      name: entity.name,
      enabled: entity.enabled,
      inbound_path: `/api/v1/webhooks/inbound/${entity.id}`,
      secret_hint: entity.secretHint,
      deliveries_accepted: entity.deliveriesAccepted,
      deliveries_rejected: entity.deliveriesRejected,
      last_delivery_at: entity.lastDeliveryAt?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({
    description:
      'shown only in this response. Sign each delivery: X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with this secret>',
  })
  secret: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) webhook_id: string;
  @ApiProperty({ nullable: true, type: String }) event_type: string | null;
  @ApiProperty({ description: 'the JSON body as received' }) payload: unknown;
  @ApiProperty({ format: 'date-time' }) received_at: string;

  static from(entity: WebhookDeliveryEntity): WebhookDeliveryDto {
    return {
      id: entity.id,
      webhook_id: entity.webhookId,
      event_type: entity.eventType,
      payload: entity.payload,
      received_at: entity.receivedAt.toISOString(),
    };
  }
}

export class DeliveryReceiptDto {
  @ApiProperty({ format: 'uuid' }) delivery_id: string;
}
