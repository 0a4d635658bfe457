import { oneBotMessageProblem } from './dto/bot.dto';
import { describeQqEvent, messageText } from './qq-event-log';

describe('QQ activity-log lines', () => {
  it('reads message text from raw_message, CQ text or segments', () => {
    expect(messageText([{ type: 'text', data: { text: 'hi ' } }, { type: 'at', data: { qq: '10001' } }, { type: 'image', data: {} }])).toBe('hi @10001[image]');
    expect(messageText('plain')).toBe('plain');
    expect(messageText([{ type: 'text', data: { text: 'x' } }], 'raw wins')).toBe('raw wins');
    expect(messageText(undefined)).toBe('');
  });

  it('describes messages, notices and requests, and skips meta events', () => {
    expect(describeQqEvent({ post_type: 'message', message_type: 'group', group_id: 20001, user_id: 10001, raw_message: 'yo', sender: { nickname: 'Alice' } })).toEqual({
      type: 'qq.message',
      summary: 'QQ message from Alice (10001) in group 20001: yo',
      detail: 'yo',
    });
    expect(describeQqEvent({ post_type: 'message_sent', message_type: 'private', target_id: 10002, message: 'ok' })?.summary).toBe('QQ message sent to 10002: ok');
    expect(describeQqEvent({ post_type: 'notice', notice_type: 'group_ban', sub_type: 'ban', group_id: 1, user_id: 2, operator_id: 3 })?.summary).toBe(
      'QQ notice: 2 was muted in group 1 by 3',
    );
    expect(describeQqEvent({ post_type: 'request', request_type: 'group', sub_type: 'invite', group_id: 5, user_id: 6, comment: '' })?.summary).toBe(
      'QQ invitation to group 5 from 6',
    );
    expect(describeQqEvent({ post_type: 'meta_event', meta_event_type: 'lifecycle' })).toBeUndefined();
  });

  it('clips long messages in the summary but keeps them whole in the detail', () => {
    const long = 'a'.repeat(500);
    const line = describeQqEvent({ post_type: 'message', message_type: 'private', user_id: 1, raw_message: long });
    expect(line?.summary.length).toBeLessThan(300);
    expect(line?.detail).toBe(long);
  });
});

describe('OneBot message validation', () => {
  it('accepts text and segment arrays', () => {
    expect(oneBotMessageProblem('hello')).toBeUndefined();
    expect(oneBotMessageProblem([{ type: 'text', data: { text: 'a' } }, { type: 'face', data: { id: '1' } }])).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(oneBotMessageProblem('')).toMatch(/blank/);
    expect(oneBotMessageProblem('x'.repeat(5001))).toMatch(/at most/);
    expect(oneBotMessageProblem([])).toMatch(/at least one/);
    expect(oneBotMessageProblem(Array.from({ length: 51 }, () => ({ type: 'text', data: { text: 'a' } })))).toMatch(/at most 50/);
    expect(oneBotMessageProblem([{ type: 'text', data: { text: '' } }])).toMatch(/data.text/);
    expect(oneBotMessageProblem([{ type: 'text', data: 'x' }])).toMatch(/data must be an object/);
    expect(oneBotMessageProblem([null])).toMatch(/must be an object/);
    expect(oneBotMessageProblem({ type: 'text' })).toMatch(/string or an array/);
  });
});
