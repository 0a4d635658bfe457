import type { OneBotEvent, OneBotMessage } from '../../integrations/onebot';

export interface QqLogLine {
  type: string;
  summary: string;
  detail?: string;
}

const SUMMARY_TEXT = 200;

/** A message as readable text: CQ text as is, segments as their text (`[image]`, `@10001` for the others). */
export function messageText(message: unknown, raw?: unknown): string {
  if (typeof raw === 'string' && raw) return raw;
  if (typeof message === 'string') return message;
  if (!Array.isArray(message)) return '';
  return (message as Array<{ type?: unknown; data?: Record<string, unknown> }>)
    .map((segment) => {
      const data = segment?.data ?? {};
      switch (segment?.type) {
        case 'text':
          return typeof data.text === 'string' ? data.text : '';
        case 'at':
          return `@${String(data.qq ?? '')}`;
        case 'face':
          return '[face]';
        case 'file':
          return `[file${data.name ? `:${String(data.name)}` : ''}]`;
        default:
          return `[${String(segment?.type ?? '?')}]`;
      }
    })
    .join('');
}

export function outgoingText(message: OneBotMessage): string {
  return messageText(message);
}

const clip = (text: string) => (text.length > SUMMARY_TEXT ? `${text.slice(0, SUMMARY_TEXT)}…` : text);

function who(event: OneBotEvent): string {
  const sender = (event.sender ?? {}) as { nickname?: unknown; card?: unknown };
  const name = (typeof sender.card === 'string' && sender.card) || (typeof sender.nickname === 'string' && sender.nickname) || '';
  return name ? `${name} (${String(event.user_id)})` : String(event.user_id ?? '?');
}

function notice(event: OneBotEvent): string {
  const { notice_type: type, sub_type: sub, user_id: user, group_id: group, operator_id: operator, target_id: target } = event as Record<string, unknown>;
  switch (type) {
    case 'group_increase':
      return `QQ notice: ${String(user)} joined group ${String(group)}`;
    case 'group_decrease':
      return `QQ notice: ${String(user)} left group ${String(group)}${sub ? ` (${String(sub)})` : ''}`;
    case 'group_recall':
      return `QQ notice: a message in group ${String(group)} was recalled by ${String(operator)}`;
    case 'friend_recall':
      return `QQ notice: friend ${String(user)} recalled a message`;
    case 'group_admin':
      return `QQ notice: ${String(user)} ${sub === 'set' ? 'became' : 'is no longer'} an admin of group ${String(group)}`;
    case 'group_ban':
      return `QQ notice: ${String(user)} was ${sub === 'lift_ban' ? 'unmuted' : 'muted'} in group ${String(group)} by ${String(operator)}`;
    case 'friend_add':
      return `QQ notice: ${String(user)} is now a friend`;
    case 'group_upload':
      return `QQ notice: ${String(user)} uploaded a file to group ${String(group)}`;
    case 'notify':
      if (sub === 'poke') return `QQ notice: ${String(user)} poked ${String(target)}${group ? ` in group ${String(group)}` : ''}`;
      return `QQ notice: ${String(sub ?? 'notify')}${group ? ` in group ${String(group)}` : ''}`;
    default:
      return `QQ notice: ${String(type)}${sub ? `.${String(sub)}` : ''}${group ? ` in group ${String(group)}` : ''}`;
  }
}

/** The activity-log line of a OneBot event; undefined for meta events (heartbeats, lifecycle). */
export function describeQqEvent(event: OneBotEvent): QqLogLine | undefined {
  switch (event.post_type) {
    case 'message': {
      const text = messageText(event.message, event.raw_message);
      const where = event.message_type === 'group' ? `in group ${String(event.group_id)}` : 'privately';
      return { type: 'qq.message', summary: `QQ message from ${who(event)} ${where}: ${clip(text)}`, detail: text || undefined };
    }
    case 'message_sent': {
      const text = messageText(event.message, event.raw_message);
      const to = event.message_type === 'group' ? `group ${String(event.group_id)}` : String(event.target_id ?? event.user_id ?? '?');
      return { type: 'qq.message_sent', summary: `QQ message sent to ${to}: ${clip(text)}`, detail: text || undefined };
    }
    case 'notice':
      return { type: 'qq.notice', summary: notice(event) };
    case 'request': {
      const comment = typeof event.comment === 'string' && event.comment ? `: "${clip(event.comment)}"` : '';
      if (event.request_type === 'friend') return { type: 'qq.request', summary: `QQ friend request from ${String(event.user_id)}${comment}` };
      const what = event.sub_type === 'invite' ? 'invitation to group' : 'request to join group';
      return { type: 'qq.request', summary: `QQ ${what} ${String(event.group_id)} from ${String(event.user_id)}${comment}` };
    }
    default:
      return undefined;
  }
}
