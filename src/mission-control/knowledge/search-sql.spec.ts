import { KEYWORD_MATCH_LIMIT, keywordCandidatesStatement, nearestStatement } from './search-sql';

describe('keywordCandidatesStatement', () => {
  it('ranks at most KEYWORD_MATCH_LIMIT matches and answers the best `count`', () => {
    const statement = keywordCandidatesStatement({ organizationId: 'org' }, ['备份'], 80)!;
    expect(statement.values).toEqual(['备份', 'org', KEYWORD_MATCH_LIMIT, 80]);
    expect(statement.sql).toMatch(/LIMIT \$3\) c\s+ORDER BY rank DESC, c\.pinned DESC, c\.updated_at DESC LIMIT \$4/);
    expect(statement.sql).not.toContain('knowledge_embeddings');
  });

  it('has nothing to ask without a word', () => {
    expect(keywordCandidatesStatement({}, [], 80)).toBeNull();
  });

  it("joins each candidate's cosine when given the query's vector", () => {
    const statement = keywordCandidatesStatement({}, ['backup'], 50, { storage: 'vector', vector: [0.6, 0.8], model: 'm' })!;
    expect(statement.values).toEqual(['backup', KEYWORD_MATCH_LIMIT, 50, '[0.6,0.8]', 'm']);
    expect(statement.sql).toContain('LEFT JOIN knowledge_embeddings k ON k.entry_id = r.id AND k.dim = 2 AND k.model = $5');
  });
});

describe('nearestStatement', () => {
  it('adds the text-search rank only when given words', () => {
    expect(nearestStatement('vector', {}, [1, 0], 'm', 10).sql).not.toContain('AS rank');
    const statement = nearestStatement('array', {}, [1, 0], 'm', 10, ['备份']);
    expect(statement.sql).toContain('THEN ts_rank_cd(e.search_vector,');
    expect(statement.values).toEqual(['备份', [1, 0], 'm', 10]);
  });
});
