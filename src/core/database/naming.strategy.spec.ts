import { SnakeNamingStrategy } from './naming.strategy';

describe('SnakeNamingStrategy', () => {
  const naming = new SnakeNamingStrategy();

  it('snake-cases tables and columns', () => {
    expect(naming.tableName('AgentCapabilityEntity', undefined)).toBe('agent_capability_entity');
    expect(naming.columnName('openclawAgentId', undefined, [])).toBe('openclaw_agent_id');
    expect(naming.columnName('tokenHash', 'custom_name', [])).toBe('custom_name');
    expect(naming.joinColumnName('organization', 'id')).toBe('organization_id');
  });

  it('names constraints readably and deterministically', () => {
    expect(naming.primaryKeyName('agents')).toBe('pk_agents');
    expect(naming.foreignKeyName('agents', ['organization_id'])).toBe('fk_agents_organization_id');
    expect(naming.uniqueConstraintName('agents', ['organization_id', 'name'])).toBe('uq_agents_name_organization_id');
    expect(naming.indexName('public.agents', ['board_id'])).toBe('idx_agents_board_id');
  });
});
