import { QQ_SETTINGS_DEFAULTS, shouldAutoApprove } from './auto-approve';

describe('QQ auto-approve rules', () => {
  const friend = (comment?: string) => ({ request_type: 'friend' as const, comment });
  const group = (comment?: string, sub_type = 'add') => ({ request_type: 'group' as const, sub_type, comment });

  it('approves nothing by default', () => {
    expect(shouldAutoApprove({ ...QQ_SETTINGS_DEFAULTS }, friend('hi'))).toBe(false);
    expect(shouldAutoApprove({ ...QQ_SETTINGS_DEFAULTS }, group('hi'))).toBe(false);
  });

  it('approves every friend request when switched on without keywords', () => {
    expect(shouldAutoApprove({ autoApproveFriends: true }, friend())).toBe(true);
    expect(shouldAutoApprove({ autoApproveFriends: true }, group('x'))).toBe(false);
  });

  it('with keywords, approves only comments containing one (any case)', () => {
    const settings = { autoApproveFriends: true, friendKeywords: ['OpenClaw', ' '] };
    expect(shouldAutoApprove(settings, friend('I use openclaw daily'))).toBe(true);
    expect(shouldAutoApprove(settings, friend('hello'))).toBe(false);
    expect(shouldAutoApprove(settings, friend())).toBe(false);
    expect(shouldAutoApprove({ autoApproveGroups: true, groupKeywords: 'alpha, beta' }, group('BETA tester'))).toBe(true);
  });

  it('never approves an invitation of the bot into a group', () => {
    expect(shouldAutoApprove({ autoApproveGroups: true }, group('come', 'invite'))).toBe(false);
  });

  it('treats values of the wrong type as off, and accepts the singular switch names', () => {
    expect(shouldAutoApprove({ autoApproveFriends: 'yes' }, friend('x'))).toBe(false);
    expect(shouldAutoApprove({ autoApproveGroup: true }, group('x'))).toBe(true);
    expect(shouldAutoApprove({ autoApproveFriends: true, friendKeywords: 42 }, friend('x'))).toBe(true);
  });
});
