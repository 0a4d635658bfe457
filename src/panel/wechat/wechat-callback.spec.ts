import { BadRequestException } from '@nestjs/common';
import { describeWechatEvent, parseWechatCallback } from './wechat-callback';

const source = (extra: object = {}) =>
  JSON.stringify({ room: {}, to: { id: '@me', payload: { id: '@me', name: 'bot' } }, from: { id: '@a', payload: { id: '@a', name: 'Alice' } }, ...extra });

describe('parseWechatCallback', () => {
  it('reads a private text message', () => {
    const event = parseWechatCallback({ type: 'text', content: '你好', source: source(), isMentioned: '0', isMsgFromSelf: '0', isSystemEvent: '0' }, [], 42);
    expect(event).toEqual({
      type: 'text', content: '你好', fromName: 'Alice', fromId: '@a', roomName: '', isGroup: false,
      isMentioned: false, isMsgFromSelf: false, isSystemEvent: false, timestamp: 42,
    });
    expect(describeWechatEvent(event)).toEqual({ type: 'wechat.text', summary: '[WeChat] Alice: 你好', detail: '你好' });
  });

  it('reads a group message that mentions us', () => {
    const event = parseWechatCallback({
      type: 'text', content: '@bot hi', isMentioned: '1',
      source: source({ room: { id: '@@g', payload: { id: '@@g', topic: 'Test Group', memberList: [] } } }),
    });
    expect(event).toMatchObject({ roomName: 'Test Group', isGroup: true, isMentioned: true });
    expect(describeWechatEvent(event).summary).toBe('[WeChat] Alice @ Test Group: @bot hi');
  });

  it('reads a file message from its file part', () => {
    const event = parseWechatCallback({ type: 'file', source: source() }, [{ fieldname: 'content', originalname: 'cat.jpg', mimetype: 'image/jpeg', size: 2048 }]);
    expect(event).toMatchObject({ type: 'file', content: 'cat.jpg', file: { name: 'cat.jpg', mimeType: 'image/jpeg', size: 2048 } });
    expect(describeWechatEvent(event).summary).toBe('[WeChat] Alice sent a file: cat.jpg (2.0 KiB, image/jpeg)');
  });

  it('reads login and logout system events', () => {
    const content = JSON.stringify({ event: 'login', user: { id: '@me', payload: { name: '微信昵称' } } });
    const event = parseWechatCallback({ type: 'system_event_login', content, source: JSON.stringify({ room: {}, to: {}, from: {} }), isSystemEvent: '1' });
    expect(event).toMatchObject({ isSystemEvent: true, userName: '微信昵称', fromName: '' });
    expect(describeWechatEvent(event)).toEqual({ type: 'wechat.system_event_login', summary: '[WeChat] logged in as 微信昵称' });
  });

  it('refuses forms the bridge could not have sent', () => {
    const bad = (form: unknown, files: never[] = []) => {
      try {
        parseWechatCallback(form, files);
      } catch (error) {
        expect(error).toBeInstanceOf(BadRequestException);
        return ((error as BadRequestException).getResponse() as { detail: string }).detail;
      }
      throw new Error('accepted');
    };
    expect(bad(undefined)).toMatch(/multipart form/);
    expect(bad({ content: 'x' })).toBe('type is required');
    expect(bad({ type: 'a b', content: 'x' })).toMatch(/not a wechatbot-webhook message type/);
    expect(bad({ type: 'text' })).toBe('content is required');
    expect(bad({ type: 'file' })).toMatch(/needs its content part/);
    expect(bad({ type: 'text', content: 'x', source: '{oops' })).toBe('source is not valid JSON');
    expect(bad({ type: 'text', content: 'x', source: '[1]' })).toBe('source must be a JSON object');
    expect(bad({ type: 'text', content: 'x', isMentioned: 'maybe' })).toBe('isMentioned must be "1" or "0"');
    expect(bad({ type: 'text', content: ['a', 'b'] })).toBe('content must be text or a file');
  });
});
