import { describe, expect, it } from 'vitest';
import { parseSnippet, unescapeHtml } from './snippet';

describe('parseSnippet', () => {
  it('splits the text around the marks', () => {
    expect(parseSnippet('升级网关之前需要先<mark>备份</mark>数据库')).toEqual([
      { text: '升级网关之前需要先', marked: false },
      { text: '备份', marked: true },
      { text: '数据库', marked: false },
    ]);
  });

  it('keeps escaped markup as text, never as elements', () => {
    const segments = parseSnippet('&lt;script&gt;alert(1)&lt;/script&gt; <mark>a &amp; b</mark> &quot;x&quot;');
    expect(segments).toEqual([
      { text: '<script>alert(1)</script> ', marked: false },
      { text: 'a & b', marked: true },
      { text: ' "x"', marked: false },
    ]);
  });

  it('reads a snippet without marks, and several marks in a row', () => {
    expect(parseSnippet('plain')).toEqual([{ text: 'plain', marked: false }]);
    expect(parseSnippet('<mark>a</mark><mark>b</mark>')).toEqual([
      { text: 'a', marked: true },
      { text: 'b', marked: true },
    ]);
    expect(parseSnippet('')).toEqual([]);
  });

  it('decodes each entity once', () => {
    expect(unescapeHtml('&amp;lt;')).toBe('&lt;');
  });
});
