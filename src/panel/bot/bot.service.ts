import { BadGatewayException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { OneBotActionError, OneBotFriend, OneBotGroup, OneBotMessage, OneBotTimeoutError, OneBotUnavailableError } from '../../integrations/onebot';
import { PanelEventsService } from '../events/panel-events.service';
import { outgoingText } from './qq-event-log';
import { QqBridgeService } from './qq-bridge.service';

export const NOT_CONNECTED = 'NapCat is not connected';

/** Turns OneBot failures into the panel's answers: down 503, refused or silent 502. */
export async function throughOneBot<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OneBotUnavailableError) throw new ServiceUnavailableException({ detail: NOT_CONNECTED });
    if (error instanceof OneBotTimeoutError) throw new BadGatewayException({ detail: `NapCat did not answer ${error.action} in time` });
    if (error instanceof OneBotActionError) throw new BadGatewayException({ detail: `NapCat refused ${error.action}: ${error.reason || `retcode ${error.retcode}`}` });
    throw error;
  }
}

@Injectable()
export class BotService {
  constructor(
    private readonly bridge: QqBridgeService,
    private readonly events: PanelEventsService,
  ) {}

  async groups(): Promise<OneBotGroup[]> {
    const groups = await throughOneBot(() => this.bridge.client.getGroupList());
    const list = Array.isArray(groups) ? groups : [];
    this.bridge.noteCounts({ groupCount: list.length });
    return list;
  }

  async friends(): Promise<OneBotFriend[]> {
    const friends = await throughOneBot(() => this.bridge.client.getFriendList());
    const list = Array.isArray(friends) ? friends : [];
    this.bridge.noteCounts({ friendCount: list.length });
    return list;
  }

  async send(type: 'private' | 'group', id: number, message: OneBotMessage): Promise<{ messageId?: number }> {
    const sent = await throughOneBot(() =>
      type === 'group' ? this.bridge.client.sendGroupMsg(id, message) : this.bridge.client.sendPrivateMsg(id, message),
    );
    const text = outgoingText(message);
    await this.events.record({
      source: 'qq',
      type: 'qq.send',
      summary: `Panel sent a QQ message to ${type === 'group' ? `group ${id}` : id}: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`,
      detail: text,
    });
    const messageId = typeof sent?.message_id === 'number' ? sent.message_id : undefined;
    return messageId !== undefined ? { messageId } : {};
  }

  async reconnect(): Promise<string> {
    this.bridge.reconnect();
    await this.events.record({ source: 'system', type: 'qq.reconnect', summary: 'NapCat OneBot reconnect requested from the panel' });
    return 'Reconnecting to NapCat OneBot';
  }
}
