/** One OneBot 11 message segment: `{type: "text", data: {text: "Hello"}}`, `{type: "at", data: {qq: "10001"}}`, … */
export interface OneBotSegment {
  type: string;
  data: Record<string, unknown>;
}

/** A message as OneBot 11 sends it: CQ-code text or an array of segments. */
export type OneBotMessage = string | OneBotSegment[];

export type OneBotPostType = 'message' | 'message_sent' | 'notice' | 'request' | 'meta_event';

/** A pushed event (`post_type` tells which kind); the rest of the fields depend on the kind. */
export interface OneBotEvent {
  post_type: OneBotPostType | string;
  time?: number;
  self_id?: number;
  [field: string]: unknown;
}

/** A `request` event: `flag` is what approve/reject send back. */
export interface OneBotRequestEvent extends OneBotEvent {
  post_type: 'request';
  request_type: 'friend' | 'group';
  /** group requests: `add` (someone asks to join) or `invite` (the bot is invited) */
  sub_type?: string;
  user_id: number;
  group_id?: number;
  comment?: string;
  flag: string;
}

/** `{action, params, echo}` */
export interface OneBotRequestFrame {
  action: string;
  params: object;
  echo: string;
}

/** `{status, retcode, data, echo}` (NapCat adds `message` and `wording` on failures). */
export interface OneBotResponseFrame<T = unknown> {
  status: 'ok' | 'async' | 'failed' | string;
  retcode: number;
  data: T;
  echo?: unknown;
  message?: string;
  wording?: string;
}

export interface OneBotLoginInfo {
  user_id: number;
  nickname: string;
}

export interface OneBotGroup {
  group_id: number;
  group_name: string;
  member_count?: number;
  max_member_count?: number;
  [field: string]: unknown;
}

export interface OneBotFriend {
  user_id: number;
  nickname: string;
  remark?: string;
  [field: string]: unknown;
}

export function isRequestEvent(event: OneBotEvent): event is OneBotRequestEvent {
  return event.post_type === 'request' && typeof event.flag === 'string' && (event.request_type === 'friend' || event.request_type === 'group');
}
