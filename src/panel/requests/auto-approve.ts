import type { OneBotRequestEvent } from '../../integrations/onebot';

/** The admin-config section `qq` (PUT /api/admin/config/qq): the auto-approve rules this service applies. */
export interface QqSettings {
  /** Approve friend requests as they arrive… */
  autoApproveFriends: boolean;
  /** …and requests to join a group the bot administers (never invitations of the bot into a group). */
  autoApproveGroups: boolean;
  /** When not empty, only requests whose comment contains one of these (any case) are approved automatically. */
  friendKeywords: string[];
  groupKeywords: string[];
}

export const QQ_SETTINGS_SECTION = 'qq';

export const QQ_SETTINGS_DEFAULTS: QqSettings = {
  autoApproveFriends: false,
  autoApproveGroups: false,
  friendKeywords: [],
  groupKeywords: [],
};

function keywords(value: unknown): string[] {
  if (typeof value === 'string') value = value.split(',');
  if (!Array.isArray(value)) return [];
  return value.filter((k): k is string => typeof k === 'string').map((k) => k.trim().toLowerCase()).filter(Boolean);
}

function matches(rules: string[], comment: unknown): boolean {
  if (rules.length === 0) return true;
  const text = typeof comment === 'string' ? comment.toLowerCase() : '';
  return rules.some((keyword) => text.includes(keyword));
}

/**
 * Whether a request is approved without asking. The section is read as stored (a hand-edited value of the wrong
 * type counts as "off"); `autoApproveFriend` / `autoApproveGroup` are accepted as the same switches.
 */
export function shouldAutoApprove(settings: Record<string, unknown>, request: Pick<OneBotRequestEvent, 'request_type' | 'sub_type' | 'comment'>): boolean {
  if (request.request_type === 'friend') {
    const on = settings.autoApproveFriends === true || settings.autoApproveFriend === true;
    return on && matches(keywords(settings.friendKeywords), request.comment);
  }
  if (request.request_type === 'group') {
    if ((request.sub_type ?? 'add') !== 'add') return false;
    const on = settings.autoApproveGroups === true || settings.autoApproveGroup === true;
    return on && matches(keywords(settings.groupKeywords), request.comment);
  }
  return false;
}
