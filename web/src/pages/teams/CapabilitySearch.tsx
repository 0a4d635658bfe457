import { Group, Progress, Rating, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { AgentStatusBadge } from '../../components/AgentStatusBadge';
import { Pager } from '../../components/Pager';
import { Panel } from '../../components/Panel';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../lib/i18n';

const CAPABILITY = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/** Agents with a capability, ranked by the API's score (proficiency, availability, load), paged. */
export function CapabilitySearch({ organizationId, teams }: { organizationId: string; teams: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [capability] = useDebouncedValue(text.trim().toLowerCase(), 300);
  const [minimum, setMinimum] = useState('1');
  const [teamId, setTeamId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const valid = CAPABILITY.test(capability);
  const query = useQuery({
    queryKey: ['capabilities', organizationId, capability, minimum, teamId, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/agent-capabilities/search', {
          params: {
            query: { organization_id: organizationId, capability, min_proficiency: Number(minimum), ...(teamId ? { team_id: teamId } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
          },
        }),
      ),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  return (
    <Panel title={t('caps.title')} hint={t('caps.hint')} testId="capability-panel">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setPage(1);
          }}
          label={t('caps.capabilityLabel')}
          placeholder={t('caps.capability')}
          error={capability && !valid ? t('caps.invalid') : undefined}
          w={260}
          data-testid="capability-search"
        />
        <Select
          label={t('caps.minProficiency')}
          data={['1', '2', '3', '4', '5']}
          value={minimum}
          onChange={(value) => {
            setMinimum(value ?? '1');
            setPage(1);
          }}
          allowDeselect={false}
          w={150}
          data-testid="capability-min"
        />
        <Select
          label={t('caps.team')}
          placeholder={t('caps.anyTeam')}
          data={teams}
          value={teamId}
          onChange={(value) => {
            setTeamId(value);
            setPage(1);
          }}
          clearable
          w={220}
          data-testid="capability-team"
        />
      </Group>
      {!valid ? (
        <Text size="sm" c="dimmed" data-testid="capability-prompt">
          {t('caps.prompt')}
        </Text>
      ) : (
        <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
          {() =>
            query.data!.total === 0 ? (
              <Text size="sm" c="dimmed" data-testid="capability-empty">
                {t('caps.empty', { capability })}
              </Text>
            ) : (
              <>
                <Table.ScrollContainer minWidth={640}>
                  <Table verticalSpacing="xs" data-testid="capability-results">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={40}>{t('caps.rank')}</Table.Th>
                        <Table.Th>{t('caps.agent')}</Table.Th>
                        <Table.Th>{t('caps.proficiency')}</Table.Th>
                        <Table.Th>{t('caps.status')}</Table.Th>
                        <Table.Th>{t('caps.load')}</Table.Th>
                        <Table.Th w={180}>{t('caps.score')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {query.data!.items.map((match, i) => (
                        <Table.Tr key={match.agent_id} data-testid="capability-row" data-agent-id={match.agent_id}>
                          <Table.Td>
                            <Text size="sm" c="dimmed">
                              {(page - 1) * PAGE_SIZE + i + 1}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {match.name}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Rating value={match.proficiency} readOnly size="sm" aria-label={`${match.proficiency}/5`} />
                          </Table.Td>
                          <Table.Td>
                            <AgentStatusBadge status={match.status} />
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{match.load}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              <Progress value={match.score * 100} w={100} />
                              <Text size="sm" ff="monospace">
                                {match.score.toFixed(2)}
                              </Text>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Pager page={page} total={query.data!.total} onChange={setPage} testId="capability-pager" />
              </>
            )
          }
        </QueryState>
      )}
    </Panel>
  );
}
