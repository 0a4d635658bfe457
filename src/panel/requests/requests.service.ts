import { ConflictException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { isRequestEvent, OneBotRequestEvent } from '../../integrations/onebot';
import { PanelSettingsService } from '../admin-config/panel-settings.service';
import { throughOneBot } from '../bot/bot.service';
import { QqBridgeService } from '../bot/qq-bridge.service';
import { PanelEventsService } from '../events/panel-events.service';
import { QQ_SETTINGS_DEFAULTS, QQ_SETTINGS_SECTION, shouldAutoApprove } from './auto-approve';
import { QqRequestDto } from './dto/requests.dto';
import { QqRequestEntity } from './entities/qq-request.entity';

const LIST_LIMIT = 500;
/** A claim older than this (the instance died mid-answer) may be taken over. */
const STALE_CLAIM = "interval '2 minutes'";

const qqNumber = (value: unknown): string | null => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? String(n) : null;
};

/**
 * Friend and group requests from QQ, kept in PostgreSQL until answered (a restart loses none); approve/reject go
 * back through OneBot, and the admin-config section `qq` may approve some as they arrive.
 */
@Injectable()
export class QqRequestsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('QqRequests');
  private unsubscribe?: () => void;

  constructor(
    @InjectRepository(QqRequestEntity) private readonly requests: Repository<QqRequestEntity>,
    private readonly bridge: QqBridgeService,
    private readonly settings: PanelSettingsService,
    private readonly events: PanelEventsService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bridge.subscribe((event) => (isRequestEvent(event) ? this.receive(event) : undefined));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Stores a request event (once per flag) and applies the auto-approve rules to it. */
  async receive(event: OneBotRequestEvent): Promise<void> {
    const inserted = await this.requests
      .createQueryBuilder()
      .insert()
      .into(QqRequestEntity)
      .values({
        flag: event.flag.slice(0, 255),
        type: event.request_type,
        subType: event.request_type === 'group' ? String(event.sub_type ?? 'add').slice(0, 16) : null,
        userId: qqNumber(event.user_id) ?? '0',
        groupId: event.request_type === 'group' ? qqNumber(event.group_id) : null,
        comment: typeof event.comment === 'string' ? event.comment.slice(0, 2000) : '',
        selfId: qqNumber(event.self_id),
        requestedAt: typeof event.time === 'number' && event.time > 0 ? new Date(event.time * 1000) : new Date(),
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    if (!Array.isArray(inserted.raw) || inserted.raw.length === 0) return;
    const settings = await this.settings.get<Record<string, unknown>>(QQ_SETTINGS_SECTION, { ...QQ_SETTINGS_DEFAULTS });
    if (!shouldAutoApprove(settings, event)) return;
    try {
      await this.decide(event.flag, true, { by: 'auto' });
    } catch (error) {
      this.logger.warn(`could not auto-approve QQ request ${event.flag}: ${(error as Error).message}`);
    }
  }

  async pending(): Promise<QqRequestDto[]> {
    const rows = await this.requests.find({
      where: { status: In(['pending', 'processing']) },
      order: { requestedAt: 'ASC', createdAt: 'ASC' },
      take: LIST_LIMIT,
    });
    return rows.map(QqRequestDto.from);
  }

  /**
   * Answers a request through OneBot. The row is claimed first (so two answers cannot both go out), and given
   * back as pending when OneBot is down or refuses.
   */
  async decide(flag: string, approve: boolean, options: { by: 'panel' | 'auto'; reason?: string }): Promise<'approved' | 'rejected'> {
    const row = await this.requests.findOneBy({ flag });
    if (!row) throw new NotFoundException({ detail: 'Request not found' });
    const claim = await this.requests
      .createQueryBuilder()
      .update(QqRequestEntity)
      .set({ status: 'processing' })
      .where('flag = :flag', { flag })
      .andWhere(`(status = :pending OR (status = :processing AND updated_at < now() - ${STALE_CLAIM}))`, { pending: 'pending', processing: 'processing' })
      .execute();
    if (!claim.affected) {
      const current = await this.requests.findOneBy({ flag });
      throw new ConflictException({ detail: `Request already ${current?.status === 'processing' ? 'being handled' : (current?.status ?? 'handled')}` });
    }
    try {
      await throughOneBot(() =>
        row.type === 'group'
          ? this.bridge.client.setGroupAddRequest(flag, row.subType ?? 'add', approve, approve ? undefined : (options.reason ?? ''))
          : this.bridge.client.setFriendAddRequest(flag, approve),
      );
    } catch (error) {
      await this.requests.update({ flag, status: 'processing' }, { status: 'pending' });
      throw error;
    }
    const status = approve ? 'approved' : 'rejected';
    await this.requests.update({ flag }, { status, handledBy: options.by, handledAt: new Date(), reason: approve ? null : (options.reason ?? null) });
    const what = row.type === 'group' ? `${row.subType === 'invite' ? 'invitation to group' : 'request to join group'} ${row.groupId} from ${row.userId}` : `friend request from ${row.userId}`;
    await this.events.record({
      source: 'qq',
      type: options.by === 'auto' ? 'qq.request.auto_approve' : `qq.request.${approve ? 'approve' : 'reject'}`,
      summary: `${options.by === 'auto' ? 'Auto-approved' : approve ? 'Approved' : 'Rejected'} QQ ${what}${!approve && options.reason ? ` (${options.reason})` : ''}`,
    });
    return status;
  }
}
