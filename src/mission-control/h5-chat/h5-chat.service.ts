import { randomUUID } from 'node:crypto';
import { Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { H5Principal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { fetchPage } from '../../core/database/query-helpers';
import { Page } from '../../core/http/pagination';
import { Outbox } from '../../core/jobs/outbox';
import { BusMessage, EventBus } from '../../core/realtime/event-bus';
import { GatewayAuthError, sendChat } from '../../integrations/openclaw-gateway';
import { AgentEntity } from '../agents/entities/agent.entity';
import { agentRefOf, MissionControlEvents } from '../domain-events';
import { GatewayEntity } from '../gateways/entities/gateway.entity';
import { GatewayLink, GatewayLinksService, LINK_DOWN_EVENT } from '../gateways/gateway-links.service';
import { GATEWAY_STATUS_CHANNEL, GatewayStatusChange } from '../gateways/gateway-status.service';
import { GatewayTelemetryService } from '../gateways/gateway-telemetry.service';
import { H5AssignmentEntity } from '../h5/entities/h5-assignment.entity';
import { ChatError, ChatErrorCode, errorFrame, h5UserChannel, OutgoingChatFrame, OutgoingUserFrame } from './chat-frames';
import { ChatRunTracker, ChatUsage } from './chat-run';
import { UsageService } from '../usage/usage.service';
import { AssignmentSummaryDto, ChatMessageDto, ChatMessageListQueryDto, ChatSessionDto, ChatSessionListQueryDto } from './dto/chat.dto';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';

export interface ChatInput {
  id: string;
  agent_id: string;
  content: string;
  session_id?: string;
}

const PG_UNIQUE_VIOLATION = '23505';

/**
 * H5 chat: a user's message goes to the agent they are assigned to, through the agent's gateway, and the answer
 * streams back on the user's channel (every socket of the user, on any instance). Messages are stored; a frame
 * retried with the same id is recognised and never sent to the gateway twice.
 */
@Injectable()
export class H5ChatService implements OnModuleInit {
  private readonly logger = new Logger('H5Chat');

  constructor(
    @InjectRepository(ChatSessionEntity) private readonly sessions: Repository<ChatSessionEntity>,
    @InjectRepository(ChatMessageEntity) private readonly messages: Repository<ChatMessageEntity>,
    private readonly outbox: Outbox<MissionControlEvents>,
    @InjectRepository(H5AssignmentEntity) private readonly assignments: Repository<H5AssignmentEntity>,
    private readonly dataSource: DataSource,
    private readonly links: GatewayLinksService,
    private readonly telemetry: GatewayTelemetryService,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
    private readonly usage: UsageService,
  ) {}

  onModuleInit(): void {
    // the instance that announced the change writes the system messages, once
    this.bus.subscribe(GATEWAY_STATUS_CHANNEL, (message) => {
      if (message.origin === this.bus.instanceId && message.type === 'gateway.offline') void this.recordAgentsOffline(message as BusMessage<GatewayStatusChange>);
    });
  }

  async assignmentsOf(principal: H5Principal): Promise<AssignmentSummaryDto[]> {
    const rows = await this.assignments.find({ where: { h5UserId: principal.userId }, relations: { agent: true }, order: { createdAt: 'ASC' } });
    return rows.map((row) => AssignmentSummaryDto.from(row, row.agent!));
  }

  /** Handles one `chat` frame; refusals that need no gateway are thrown as ChatError, the rest arrive on the user's channel. */
  async send(principal: H5Principal, input: ChatInput): Promise<void> {
    const assignment = await this.assignments.findOne({ where: { h5UserId: principal.userId, agentId: input.agent_id }, relations: { agent: true } });
    if (!assignment?.agent) throw new ChatError('ASSIGNMENT_NOT_FOUND', 'You are not assigned to this agent');
    const agent = assignment.agent;
    if (!agent.gatewayId || agent.status === 'disabled') throw new ChatError('AGENT_UNAVAILABLE', 'This agent is not connected to a gateway');
    const gateway = await this.dataSource.getRepository(GatewayEntity).findOneBy({ id: agent.gatewayId });
    if (!gateway) throw new ChatError('AGENT_UNAVAILABLE', 'This agent is not connected to a gateway');
    if (gateway.status === 'offline') throw new ChatError('GATEWAY_OFFLINE', `Gateway "${gateway.name}" is offline`);

    const stored = await this.store(principal, agent, input);
    if (stored.kind === 'replay') return this.replay(principal, stored.message);
    await this.run(principal, agent, stored.session, stored.message);
  }

  async listSessions(principal: H5Principal, query: ChatSessionListQueryDto): Promise<Page<ChatSessionDto>> {
    const builder = this.sessions.createQueryBuilder('s').where('s.h5UserId = :userId', { userId: principal.userId });
    if (query.agent_id) builder.andWhere('s.agentId = :agentId', { agentId: query.agent_id });
    return (await fetchPage(builder, query, { last_message_at: 'lastMessageAt', created_at: 'createdAt' }, 'last_message_at')).map(ChatSessionDto.from);
  }

  async listMessages(principal: H5Principal, sessionId: string, query: ChatMessageListQueryDto): Promise<Page<ChatMessageDto>> {
    const session = await this.sessions.findOneBy({ id: sessionId, h5UserId: principal.userId });
    if (!session) throw new NotFoundException({ detail: 'Chat session not found' });
    const builder = this.messages.createQueryBuilder('m').where('m.sessionId = :sessionId', { sessionId });
    const page = await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at');
    const answered = [...new Set(page.items.map((m) => m.replyToId).filter((id): id is string => id !== null))];
    const clientIds = new Map(
      answered.length ? (await this.messages.find({ where: { id: In(answered) }, select: { id: true, clientId: true } })).map((m) => [m.id, m.clientId]) : [],
    );
    return page.map((m) => ChatMessageDto.from(m, session, m.replyToId ? (clientIds.get(m.replyToId) ?? m.replyToId) : null));
  }

  private async store(
    principal: H5Principal,
    agent: AgentEntity,
    input: ChatInput,
  ): Promise<{ kind: 'new'; session: ChatSessionEntity; message: ChatMessageEntity } | { kind: 'replay'; message: ChatMessageEntity }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const earlier = await manager.findOneBy(ChatMessageEntity, { h5UserId: principal.userId, clientId: input.id });
        if (earlier) return { kind: 'replay' as const, message: earlier };
        const now = new Date();
        let session = input.session_id
          ? await this.claimSession(manager, principal, agent, input.session_id, now)
          : await manager.findOne(ChatSessionEntity, { where: { h5UserId: principal.userId, agentId: agent.id }, order: { lastMessageAt: 'DESC' } });
        if (!session) {
          session = await manager.save(manager.create(ChatSessionEntity, newSession(principal, agent, now)));
        } else {
          await manager.update(ChatSessionEntity, { id: session.id }, { lastMessageAt: now });
        }
        const message = await manager.save(
          manager.create(ChatMessageEntity, { sessionId: session.id, h5UserId: principal.userId, role: 'user', content: input.content, clientId: input.id, state: 'pending' }),
        );
        await this.recordMessageEvent(manager, agent, session, message);
        return { kind: 'new' as const, session, message };
      });
    } catch (error) {
      // the same frame arrived twice at once: the other copy is being handled
      if ((error as { code?: string }).code === PG_UNIQUE_VIOLATION) {
        const earlier = await this.messages.findOneByOrFail({ h5UserId: principal.userId, clientId: input.id });
        return { kind: 'replay', message: earlier };
      }
      throw error;
    }
  }

  /**
   * The session a client named: created under that id when nobody has it yet, else it must be this user's with this
   * agent. `ON CONFLICT DO NOTHING` waits for a concurrent insert of the same id to commit, so two first frames at
   * once end in one session, and a frame of another user finds the winner's row and is refused without touching it.
   */
  private async claimSession(manager: EntityManager, principal: H5Principal, agent: AgentEntity, sessionId: string, now: Date): Promise<ChatSessionEntity> {
    await manager.createQueryBuilder().insert().into(ChatSessionEntity).values({ id: sessionId, ...newSession(principal, agent, now) }).orIgnore().execute();
    const session = await manager.findOneBy(ChatSessionEntity, { id: sessionId });
    // the same answer for another user's session and for one of yours with another agent; nothing of it is shown
    if (!session || session.h5UserId !== principal.userId || session.agentId !== agent.id) throw new ChatError('SESSION_NOT_FOUND', 'No such chat session with this agent');
    return session;
  }

  /** A retried frame: a finished answer is sent again, a failed one is tried again, one in progress keeps streaming. */
  private async replay(principal: H5Principal, message: ChatMessageEntity): Promise<void> {
    const session = await this.sessions.findOneByOrFail({ id: message.sessionId });
    const reply = await this.messages.findOne({ where: { replyToId: message.id, role: 'agent' }, order: { createdAt: 'DESC' } });
    if (reply?.state === 'complete') return this.publish(principal.userId, agentFrame(reply, session, message.clientId!, 'final', reply.content));
    if (message.state === 'failed' || reply?.state === 'failed') {
      const agent = await this.dataSource.getRepository(AgentEntity).findOneBy({ id: session.agentId });
      if (agent?.gatewayId) await this.run(principal, agent, session, message);
    }
  }

  private async run(principal: H5Principal, agent: AgentEntity, session: ChatSessionEntity, message: ChatMessageEntity): Promise<void> {
    const gatewayId = agent.gatewayId!;
    const clientId = message.clientId!;
    const fail = async (code: ChatErrorCode, text: string, replyId?: string) => {
      await this.messages.update({ id: message.id }, { state: 'failed', errorCode: code });
      if (replyId) await this.messages.update({ id: replyId }, { state: 'failed', errorCode: code });
      await this.publish(principal.userId, errorFrame(code, text, clientId, session.id));
    };

    let link: GatewayLink;
    try {
      link = await this.links.link(gatewayId);
    } catch (error) {
      return fail(error instanceof GatewayAuthError ? 'AGENT_UNAVAILABLE' : 'GATEWAY_OFFLINE', (error as Error).message);
    }
    const reply = await this.messages.save(
      this.messages.create({ sessionId: session.id, h5UserId: principal.userId, role: 'agent', content: '', replyToId: message.id, state: 'streaming' }),
    );
    const tracker = new ChatRunTracker(new Set([message.id]));
    let finished = false;
    const finish = () => {
      finished = true;
      clearTimeout(timer);
      stopListening();
    };
    const timer = setTimeout(() => {
      if (finished) return;
      finish();
      void fail('AGENT_UNAVAILABLE', 'The agent did not answer in time', reply.id);
    }, this.config.gateways.chatReplyTimeoutMs);
    const stopListening = link.onEvent((event, payload) => {
      if (finished) return;
      if (event === LINK_DOWN_EVENT) {
        finish();
        void fail('GATEWAY_OFFLINE', 'The gateway went away before the agent finished answering', reply.id);
        return;
      }
      if (event !== 'chat') return;
      const step = tracker.step(payload);
      if (step.kind === 'delta') void this.publish(principal.userId, agentFrame(reply, session, clientId, 'delta', step.text, step.delta));
      else if (step.kind === 'final') {
        finish();
        void this.complete(agent, session, reply, clientId, step.text, step.usage);
      } else if (step.kind === 'failed') {
        finish();
        void fail(step.code, step.message, reply.id);
      }
    });

    try {
      const ack = await sendChat(link, { sessionKey: session.sessionKey, message: message.content, idempotencyKey: message.id });
      if (typeof ack?.runId === 'string') tracker.addRunId(ack.runId);
      await this.messages.update({ id: message.id }, { state: 'complete', errorCode: null });
      this.telemetry.messagesRelayed(gatewayId);
    } catch (error) {
      if (finished) return;
      finish();
      await fail(error instanceof GatewayAuthError ? 'AGENT_UNAVAILABLE' : 'GATEWAY_OFFLINE', `The gateway did not take the message: ${(error as Error).message}`, reply.id);
    }
  }

  private async complete(agent: AgentEntity, session: ChatSessionEntity, reply: ChatMessageEntity, clientId: string, text: string, usage?: ChatUsage): Promise<void> {
    reply.content = text;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(ChatMessageEntity, { id: reply.id }, { content: text, state: 'complete' });
      if (usage) await this.usage.record(manager, { organizationId: session.organizationId, agentId: agent.id, taskId: null, ...usage, at: new Date() });
      await manager.update(ChatSessionEntity, { id: session.id }, { lastMessageAt: new Date() });
      await this.recordMessageEvent(manager, agent, session, reply);
    });
    const userId = session.h5UserId;
    const gatewayId = agent.gatewayId!;
    this.telemetry.messagesRelayed(gatewayId);
    await this.publish(userId, agentFrame(reply, session, clientId, 'final', text));
  }

  private recordMessageEvent(manager: EntityManager, agent: AgentEntity, session: ChatSessionEntity, message: ChatMessageEntity): Promise<void> {
    return this.outbox.record(
      manager,
      'chat.message',
      {
        message_id: message.id,
        session_id: session.id,
        agent: agentRefOf(agent),
        user_id: session.h5UserId,
        role: message.role === 'user' ? 'user' : 'assistant',
        text: message.content,
      },
      session.organizationId,
    );
  }

  private publish(userId: string, frame: OutgoingUserFrame): Promise<void> {
    return this.bus.publish(h5UserChannel(userId), frame.type, frame);
  }

  /** Every chat session with an agent of the gateway gets the `agent_offline` system message in its history. */
  private async recordAgentsOffline(message: BusMessage<GatewayStatusChange>): Promise<void> {
    const { agent_ids: agentIds } = message.payload;
    if (agentIds.length === 0) return;
    try {
      await this.dataSource.query(
        `INSERT INTO chat_messages (session_id, h5_user_id, role, content, state)
         SELECT id, h5_user_id, 'system', 'agent_offline', 'complete' FROM chat_sessions WHERE agent_id = ANY($1::uuid[])`,
        [agentIds],
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not record agent_offline in chat histories');
    }
  }
}

/** A session's columns; its gateway key is always the service's own random name, never the client's id. */
function newSession(principal: H5Principal, agent: AgentEntity, now: Date) {
  return {
    organizationId: principal.organizationId,
    h5UserId: principal.userId,
    agentId: agent.id,
    sessionKey: `agent:${agent.openclawAgentId}:mc-h5-${randomUUID()}`,
    lastMessageAt: now,
  };
}

function agentFrame(reply: ChatMessageEntity, session: ChatSessionEntity, replyTo: string, state: 'delta' | 'final', content: string, delta?: string): OutgoingChatFrame {
  return {
    type: 'chat',
    id: reply.id,
    payload: {
      agent_id: session.agentId,
      session_id: session.id,
      role: 'agent',
      content,
      state,
      ...(delta !== undefined ? { delta } : {}),
      reply_to: replyTo,
      created_at: reply.createdAt.toISOString(),
    },
  };
}
