import { Segmenter } from './segmenter';

describe('Segmenter', () => {
  it('indexes Chinese in search mode: whole words and the shorter words inside them', () => {
    const words = Segmenter.forIndex('升级网关之前需要先备份数据库').split(' ');
    expect(words).toEqual(expect.arrayContaining(['升级', '网关', '备份', '数据库', '数据']));
  });

  it('keeps English words, lower-cased, without punctuation or spaces', () => {
    expect(Segmenter.forIndex('Backup the Gateway, then upgrade!')).toBe('backup the gateway then upgrade');
  });

  it('cuts a query in precise mode into distinct words', () => {
    expect(Segmenter.queryTerms('如何备份数据库？备份')).toEqual(['如何', '备份', '数据库']);
    expect(Segmenter.queryTerms('  ,。 ')).toEqual([]);
  });

  it('bounds the number of query words', () => {
    expect(Segmenter.queryTerms(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '))).toHaveLength(16);
  });

  it('gives the English stemmer only the text outside Chinese runs', () => {
    expect(Segmenter.latinPart('升级gateway之前').trim()).toBe('gateway');
  });
});
