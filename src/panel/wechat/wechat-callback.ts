import { BadRequestException } from '@nestjs/common';

/** A part multer kept in memory (the `content` of a `file` message). */
export interface ReceivedFilePart {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
}

/** What wechatbot-webhook told us it received, as pushed on `/ws` in `wechat-event` frames. */
export interface WechatReceivedEvent {
  /** `text`, `file`, `urlLink`, `friendship`, `unknown`, or `system_event_login|logout|error|push_notify`. */
  type: string;
  /** The text (or the JSON of urlLink / friendship / system events); for a file, its name. */
  content: string;
  fromName: string;
  fromId: string;
  /** The group's name when it came from a group, else ''. */
  roomName: string;
  isGroup: boolean;
  isMentioned: boolean;
  isMsgFromSelf: boolean;
  isSystemEvent: boolean;
  file?: { name: string; mimeType: string; size: number };
  /** For login/logout events: the account's nickname. */
  userName?: string;
  /** epoch ms, when the panel received it */
  timestamp: number;
}

const MAX_TYPE_LENGTH = 64;
const FLAGS = new Set(['0', '1', 'true', 'false']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function flag(form: Record<string, unknown>, name: string): boolean {
  const value = form[name];
  if (value === undefined || value === '') return false;
  if (typeof value !== 'string' || !FLAGS.has(value)) throw new BadRequestException({ detail: `${name} must be "1" or "0"` });
  return value === '1' || value === 'true';
}

function parseJsonField(form: Record<string, unknown>, name: string): unknown {
  const value = form[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequestException({ detail: `${name} must be a JSON string` });
  try {
    return JSON.parse(value);
  } catch {
    throw new BadRequestException({ detail: `${name} is not valid JSON` });
  }
}

/** `source.from` / `source.room` are wechaty objects: the useful values sit in `payload`, sometimes at the top. */
function pick(entity: unknown, key: string): string {
  if (!isRecord(entity)) return '';
  return text(isRecord(entity.payload) ? entity.payload[key] : undefined) || text(entity[key]);
}

/**
 * Reads the multipart form wechatbot-webhook posts to its RECVD_MSG_API (`type`, `content`, `source` JSON,
 * `isMentioned`, `isMsgFromSelf`, `isSystemEvent`); a form it could not have sent is a 400.
 */
export function parseWechatCallback(form: unknown, files: ReceivedFilePart[] = [], now = Date.now()): WechatReceivedEvent {
  if (!isRecord(form)) throw new BadRequestException({ detail: 'Expected the multipart form of wechatbot-webhook' });
  const type = form.type;
  if (typeof type !== 'string' || type.trim() === '') throw new BadRequestException({ detail: 'type is required' });
  if (type.length > MAX_TYPE_LENGTH || !/^[A-Za-z0-9_.-]+$/.test(type)) throw new BadRequestException({ detail: 'type is not a wechatbot-webhook message type' });

  const source = parseJsonField(form, 'source');
  if (source !== undefined && !isRecord(source)) throw new BadRequestException({ detail: 'source must be a JSON object' });
  const filePart = files.find((file) => file.fieldname === 'content');
  const content = form.content;
  if (content !== undefined && typeof content !== 'string') throw new BadRequestException({ detail: 'content must be text or a file' });
  if (type === 'file' && !filePart && content === undefined) throw new BadRequestException({ detail: 'a file message needs its content part' });
  if (type !== 'file' && content === undefined && !filePart) throw new BadRequestException({ detail: 'content is required' });

  const isSystemEvent = type.startsWith('system_event_') || flag(form, 'isSystemEvent');
  const from = source?.from;
  const room = source?.room;
  const roomName = pick(room, 'topic');
  const event: WechatReceivedEvent = {
    type,
    content: filePart ? filePart.originalname : (content ?? ''),
    fromName: pick(from, 'name'),
    fromId: pick(from, 'id'),
    roomName,
    isGroup: roomName !== '' || pick(room, 'id') !== '',
    isMentioned: flag(form, 'isMentioned'),
    isMsgFromSelf: flag(form, 'isMsgFromSelf'),
    isSystemEvent,
    timestamp: now,
  };
  if (filePart) event.file = { name: filePart.originalname, mimeType: filePart.mimetype, size: filePart.size };
  if (isSystemEvent && typeof content === 'string') {
    try {
      const parsed = JSON.parse(content) as unknown;
      const name = isRecord(parsed) ? pick(parsed.user, 'name') : '';
      if (name) event.userName = name;
    } catch {
      // a system event whose content is not JSON: kept as text
    }
  }
  return event;
}

const clip = (value: string, length: number) => (value.length > length ? `${value.slice(0, length)}…` : value);

function kib(size: number): string {
  return size < 1024 ? `${size} B` : size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} KiB` : `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** The activity-log line of a received message. */
export function describeWechatEvent(event: WechatReceivedEvent): { type: string; summary: string; detail?: string } {
  const type = `wechat.${event.type}`.slice(0, 64);
  const who = event.isMsgFromSelf ? 'me' : event.fromName || event.fromId || 'someone';
  const where = event.isGroup ? ` @ ${event.roomName || 'a group'}` : '';
  switch (event.type) {
    case 'system_event_login':
      return { type, summary: `[WeChat] logged in${event.userName ? ` as ${event.userName}` : ''}` };
    case 'system_event_logout':
      return { type, summary: `[WeChat] logged out${event.userName ? ` (${event.userName})` : ''}` };
    case 'system_event_error':
      return { type, summary: '[WeChat] the bridge reported an error', detail: event.content || undefined };
    case 'system_event_push_notify':
      return { type, summary: '[WeChat] quick-reply delivery report', detail: event.content || undefined };
    case 'file':
      return {
        type,
        summary: `[WeChat] ${who}${where} sent a file: ${event.file?.name ?? event.content}${event.file ? ` (${kib(event.file.size)}, ${event.file.mimeType})` : ''}`,
      };
    case 'friendship':
      return { type, summary: `[WeChat] friend request${event.fromName ? ` from ${event.fromName}` : ''}`, detail: event.content || undefined };
    case 'urlLink': {
      let title = '';
      try {
        const parsed = JSON.parse(event.content) as unknown;
        if (isRecord(parsed)) title = text(parsed.title) || text(parsed.url);
      } catch {
        // not JSON
      }
      return { type, summary: `[WeChat] ${who}${where} shared a link${title ? `: ${clip(title, 200)}` : ''}`, detail: event.content || undefined };
    }
    default:
      return { type, summary: `[WeChat] ${who}${where}: ${clip(event.content, 200)}`, detail: event.content || undefined };
  }
}
