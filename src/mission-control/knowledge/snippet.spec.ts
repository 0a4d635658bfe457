import { lightStem, snippetOf } from './snippet';

describe('snippetOf', () => {
  it('marks Chinese terms where they occur, inside longer words too, adjacent marks joined', () => {
    expect(snippetOf(['升级网关之前需要先备份数据库'], ['备份', '数据'])).toBe('升级网关之前需要先<mark>备份数据</mark>库');
  });

  it('marks English words by stem and escapes HTML', () => {
    expect(snippetOf(['<b>Nightly</b> backups run'], ['backup'])).toBe('&lt;b&gt;Nightly&lt;/b&gt; <mark>backups</mark> run');
  });

  it('starts near the first match of the first text that has one, with ellipses', () => {
    const long = `${'甲'.repeat(100)}备份${'乙'.repeat(300)}`;
    const snippet = snippetOf(['无关内容', long], ['备份']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>备份</mark>');
  });

  it('falls back to the start of the first non-empty text without a match', () => {
    expect(snippetOf(['', 'plain text'], ['zebra'])).toBe('plain text');
  });

  it('stems common English endings', () => {
    expect(['backups', 'running', 'stored', 'policies'].map(lightStem)).toEqual(['backup', 'runn', 'stor', 'policy']);
  });
});
