import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('reading the suggestions event stream', () => {
  it('answers each event with its id once its blank line arrives, whatever the chunking', () => {
    const stream = 'retry: 3000\n\nid: 42\ndata: {"type":"suggestion.new"}\n\ndata: {"type":"keepalive"}\r\n\r\n';
    for (const size of [1, 2, 7, stream.length]) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      expect(events).toEqual([{ id: '42', data: '{"type":"suggestion.new"}' }, { data: '{"type":"keepalive"}' }]);
    }
  });
  it('joins data lines and ignores comments', () => {
    expect(new SseParser().push(': hello\ndata: a\ndata: b\n\n')).toEqual([{ data: 'a\nb' }]);
  });
});
