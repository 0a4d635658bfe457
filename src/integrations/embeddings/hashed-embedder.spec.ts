import { dot } from './embedding-provider';
import { HashedEmbedder } from './hashed-embedder';

describe('HashedEmbedder', () => {
  const embedder = new HashedEmbedder(256);

  it('answers L2-normalised vectors of its dimension, the same for the same text', async () => {
    const [a, b] = await embedder.embed(['升级网关之前需要先备份数据库', '升级网关之前需要先备份数据库']);
    expect(a).toHaveLength(256);
    expect(Math.sqrt(dot(a, a))).toBeCloseTo(1, 6);
    expect(a).toEqual(b);
  });

  it('puts texts that share words closer than texts that do not', () => {
    const query = embedder.embedOne('备份数据库');
    const related = embedder.embedOne('每天凌晨备份数据库');
    const unrelated = embedder.embedOne('前端团队介绍');
    expect(dot(query, related)).toBeGreaterThan(0.4);
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.3);
  });

  it('brings English word forms together through character n-grams', () => {
    expect(dot(embedder.embedOne('backups'), embedder.embedOne('backup'))).toBeGreaterThan(0.5);
  });

  it('answers a zero vector for a text without words', () => {
    expect(embedder.embedOne(' ，。 ').every((value) => value === 0)).toBe(true);
  });
});
