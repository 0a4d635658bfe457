import { createHmac, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AdminPrincipal } from '../../core/auth/principal';
import { generateToken } from '../../core/auth/tokens';
import { SecretBox } from '../../core/crypto/secret-box';
import type { JsonObject } from '../../core/database/base.entity';
import { applyPatch, fetchPage } from '../../core/database/query-helpers';
import { Page, PageQueryDto } from '../../core/http/pagination';
import { ActivityService, AuditSubject, changedFields } from '../activity/activity.service';
import { BoardsService } from '../boards/boards.service';
import { CreateWebhookDto, DeliveryReceiptDto, UpdateWebhookDto, WebhookDeliveryDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { BoardWebhookEntity } from './entities/board-webhook.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';

export const SIGNATURE_HEADERS = ['x-signature-256', 'x-hub-signature-256'] as const;
const EVENT_HEADERS = ['x-event-type', 'x-github-event'] as const;

export interface InboundDelivery {
  rawBody?: Buffer;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

function newSecret() {
  const secret = generateToken('whsec_', 24);
  return { secret, secretHint: secret.slice(0, 8) };
}

const firstHeader = (headers: InboundDelivery['headers'], names: readonly string[]) =>
  names.map((name) => headers[name]).find((value): value is string => typeof value === 'string');

/** True when `signature` is `sha256=<hex>` of the body under the secret (compared in constant time). */
export function signatureMatches(secret: string, rawBody: Buffer, signature: string | undefined): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

const webhookSubject = (x: BoardWebhookEntity): AuditSubject => ({ type: 'webhook', id: x.id, organizationId: x.organizationId, boardId: x.boardId });

@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(BoardWebhookEntity) private readonly webhooks: Repository<BoardWebhookEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    private readonly boards: BoardsService,
    private readonly secrets: SecretBox,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, boardId: string, query: PageQueryDto): Promise<Page<WebhookDto>> {
    const board = await this.boards.load(principal, boardId);
    const builder = this.webhooks.createQueryBuilder('w').where('w.boardId = :boardId', { boardId: board.id });
    return (await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at')).map(WebhookDto.from);
  }

  async create(principal: AdminPrincipal, boardId: string, dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    const board = await this.boards.load(principal, boardId);
    const { secret, secretHint } = newSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(BoardWebhookEntity, {
          organizationId: board.organizationId,
          boardId: board.id,
          name: dto.name.trim(),
          enabled: dto.enabled ?? true,
          secretSealed: this.secrets.seal(secret),
          secretHint,
        }),
      );
      await this.activity.recordChange(manager, principal, webhookSubject(saved), 'webhook.created', `Webhook "${saved.name}" created`);
      return saved;
    });
    return { ...WebhookDto.from(webhook), secret };
  }

  async get(principal: AdminPrincipal, boardId: string, id: string): Promise<WebhookDto> {
    return WebhookDto.from(await this.load(principal, boardId, id));
  }

  async update(principal: AdminPrincipal, boardId: string, id: string, dto: UpdateWebhookDto): Promise<WebhookDto> {
    const webhook = await this.load(principal, boardId, id);
    const patch = { name: dto.name?.trim(), enabled: dto.enabled };
    const changes = changedFields(webhook, patch);
    const saved = await this.dataSource.transaction(async (manager) => {
      applyPatch(webhook, patch);
      const result = await manager.save(webhook);
      await this.activity.recordChange(manager, principal, webhookSubject(result), 'webhook.updated', `Webhook "${result.name}" updated`, changes);
      return result;
    });
    return WebhookDto.from(saved);
  }

  async remove(principal: AdminPrincipal, boardId: string, id: string): Promise<void> {
    const webhook = await this.load(principal, boardId, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(BoardWebhookEntity, { id: webhook.id });
      await this.activity.recordChange(manager, principal, webhookSubject(webhook), 'webhook.deleted', `Webhook "${webhook.name}" deleted`);
    });
  }

  /** A new secret, shown once; deliveries signed with the old one are refused from now on. */
  async rotateSecret(principal: AdminPrincipal, boardId: string, id: string): Promise<WebhookWithSecretDto> {
    const webhook = await this.load(principal, boardId, id);
    const { secret, secretHint } = newSecret();
    await this.dataSource.transaction(async (manager) => {
      await manager.update(BoardWebhookEntity, { id: webhook.id }, { secretSealed: this.secrets.seal(secret), secretHint });
      await this.activity.recordChange(manager, principal, webhookSubject(webhook), 'webhook.secret_rotated', `Webhook "${webhook.name}" secret rotated`);
    });
    return { ...WebhookDto.from({ ...webhook, secretHint }), secret };
  }

  async listDeliveries(principal: AdminPrincipal, boardId: string, id: string, query: PageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    const webhook = await this.load(principal, boardId, id);
    const builder = this.deliveries.createQueryBuilder('d').where('d.webhookId = :webhookId', { webhookId: webhook.id });
    return (await fetchPage(builder, query, { received_at: 'receivedAt' }, 'received_at')).map(WebhookDeliveryDto.from);
  }

  /**
   * An external system's POST: accepted (stored, counted, recorded as activity) only when signed with the
   * webhook's secret; anything else is refused and counted.
   */
  async receive(id: string, delivery: InboundDelivery): Promise<DeliveryReceiptDto> {
    const webhook = await this.webhooks
      .createQueryBuilder('w')
      .addSelect('w.secretSealed')
      .where('w.id = :id', { id })
      .getOne();
    if (!webhook) throw new NotFoundException({ detail: 'Webhook not found' });
    if (!delivery.rawBody) {
      await this.countRejected(webhook.id);
      throw new HttpException({ detail: 'Deliveries must be JSON (Content-Type: application/json)' }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    if (!webhook.enabled) {
      await this.countRejected(webhook.id);
      throw new ForbiddenException({ detail: 'This webhook is disabled' });
    }
    const signature = firstHeader(delivery.headers, SIGNATURE_HEADERS);
    if (!signatureMatches(this.secrets.open(webhook.secretSealed), delivery.rawBody, signature)) {
      await this.countRejected(webhook.id);
      throw new UnauthorizedException({ detail: signature ? 'The signature does not match' : 'The delivery is not signed' });
    }
    const eventType = firstHeader(delivery.headers, EVENT_HEADERS)?.slice(0, 100) ?? null;
    const saved = await this.dataSource.transaction(async (manager) => {
      const stored = await manager.save(
        manager.create(WebhookDeliveryEntity, {
          webhookId: webhook.id,
          organizationId: webhook.organizationId,
          boardId: webhook.boardId,
          eventType,
          payload: delivery.body as JsonObject,
        }),
      );
      await manager.increment(BoardWebhookEntity, { id: webhook.id }, 'deliveriesAccepted', 1);
      await manager.update(BoardWebhookEntity, { id: webhook.id }, { lastDeliveryAt: stored.receivedAt });
      await this.activity.record(manager, {
        actor: { type: 'system', id: null },
        action: 'webhook.delivery_received',
        organizationId: webhook.organizationId,
        target: { type: 'webhook', id: webhook.id },
        boardId: webhook.boardId,
        summary: `Webhook "${webhook.name}" received ${eventType ?? 'a delivery'}`,
        changes: { delivery_id: stored.id },
      });
      return stored;
    });
    return { delivery_id: saved.id };
  }

  private async countRejected(id: string): Promise<void> {
    await this.webhooks.increment({ id }, 'deliveriesRejected', 1);
  }

  private async load(principal: AdminPrincipal, boardId: string, id: string): Promise<BoardWebhookEntity> {
    const board = await this.boards.load(principal, boardId);
    const webhook = await this.webhooks.findOneBy({ id, boardId: board.id });
    if (!webhook) throw new NotFoundException({ detail: 'Webhook not found' });
    return webhook;
  }
}
