import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sendChat } from '../../integrations/openclaw-gateway';
import { AgentEntity } from '../agents/entities/agent.entity';
import { GatewayLinksService } from './gateway-links.service';
import { GatewayTelemetryService } from './gateway-telemetry.service';

export interface AgentMessage {
  agentId: string;
  /** Which conversation of the agent the message joins, e.g. `rules` or `pipeline-<run id>`. */
  thread: string;
  text: string;
  /** The gateway runs a message once per key: a retried delivery with the same key is not a second message. */
  idempotencyKey: string;
}

/**
 * Sends a message to an agent through its gateway (directly or over the relay), as an H5 chat does, for the
 * engines: a rule's `notify_agent`, a pipeline's `ai_task`. The answer, if any, arrives in the agent's session.
 */
@Injectable()
export class AgentMessenger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: GatewayLinksService,
    private readonly telemetry: GatewayTelemetryService,
  ) {}

  async send(message: AgentMessage): Promise<{ runId: string | null; sessionKey: string }> {
    const agent = await this.dataSource.getRepository(AgentEntity).findOneBy({ id: message.agentId });
    if (!agent) throw new NotFoundException({ detail: 'Agent not found' });
    if (!agent.gatewayId) throw new ServiceUnavailableException({ detail: `Agent "${agent.name}" has no gateway to reach it through` });
    const sessionKey = `agent:${agent.openclawAgentId}:mc-${message.thread}`.slice(0, 200);
    const link = await this.links.link(agent.gatewayId);
    const ack = await sendChat(link, { sessionKey, message: message.text, idempotencyKey: message.idempotencyKey });
    this.telemetry.messagesRelayed(agent.gatewayId);
    return { runId: typeof ack?.runId === 'string' ? ack.runId : null, sessionKey };
  }
}
