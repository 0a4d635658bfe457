import { Anchor, Badge, Button, Center, Code, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../api/client';
import type { paths } from '../api/generated/schema';
import { BoardSelect } from '../components/BoardSelect';
import { NoOrganization } from '../components/NoOrganization';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';
import { useActorName } from '../lib/useActorName';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { PageHeading } from '../components/PageHeading';

type Entry = Schemas['ActivityEntryDto'];
type ActorType = NonNullable<NonNullable<paths['/api/v1/activity']['get']['parameters']['query']>['actor_type']>;

const ACTOR_TYPES: ActorType[] = ['admin', 'agent', 'h5_user', 'gateway', 'system'];
const PERIODS = { all: 0, hour: 3600, day: 86400, week: 7 * 86400, month: 30 * 86400 } as const;
type Period = keyof typeof PERIODS;
const ACTION = /^[a-z0-9_.]{1,100}$/;
/** What entries are commonly about (the API takes any such name). */
const TARGET_TYPES = ['board', 'task', 'approval', 'pipeline', 'pipeline_run', 'agent', 'agent_team', 'organization', 'gateway', 'calendar_event', 'knowledge_entry', 'proactive_rule', 'suggestion', 'custom_field', 'webhook', 'user'];

/** Where a target of an entry can be looked at in the console. */
function targetLink(entry: Entry): string | null {
  const { type, id } = entry.target;
  if (!id) return null;
  if (type === 'pipeline') return `/pipelines/${id}`;
  if (type === 'pipeline_run') return `/pipelines/runs/${id}`;
  if (type === 'board') return `/boards/${id}`;
  if (type === 'task' && entry.board_id) return `/boards/${entry.board_id}`;
  return null;
}

const short = (value: unknown) => {
  const text = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** A change is {from, to} for an edited field, or the value a note recorded. */
function describeChange(change: unknown): string {
  if (change && typeof change === 'object' && 'from' in change && 'to' in change) return `${short(change.from)} → ${short(change.to)}`;
  return short(change);
}

function ActivityItem({ entry }: { entry: Entry }) {
  const { t, language } = useI18n();
  const actor = useActorName(entry.actor);
  const link = targetLink(entry);
  const target = `${entry.target.type}${entry.target.id ? ` · ${entry.target.id.slice(0, 8)}` : ''}`;
  const changes = Object.entries(entry.changes).slice(0, 4);
  return (
    <Paper withBorder p="sm" radius="md" data-testid="activity-entry" data-action={entry.action}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Text fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="activity-summary">
            {entry.summary}
          </Text>
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color={entry.actor.type === 'admin' ? 'blue' : entry.actor.type === 'agent' ? 'grape' : 'gray'} data-testid="activity-actor">
              {actor}
            </Badge>
            <Code data-testid="activity-action">{entry.action}</Code>
            <Text size="xs" c="dimmed">
              {t('activity.target')}:{' '}
              {link ? (
                <Anchor component={Link} to={link} size="xs" data-testid="activity-target">
                  {target}
                </Anchor>
              ) : (
                <span data-testid="activity-target">{target}</span>
              )}
            </Text>
          </Group>
          {changes.length > 0 && (
            <Text size="xs" c="dimmed" lineClamp={2} ff="monospace">
              {changes.map(([field, change]) => `${field}: ${describeChange(change)}`).join('   ')}
            </Text>
          )}
        </Stack>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={entry.created_at}>
          {formatDateTime(entry.created_at, language)}
        </Text>
      </Group>
    </Paper>
  );
}

export default function ActivityPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const [search, setSearch] = useState('');
  const [action, setAction] = useState('');
  const [actorType, setActorType] = useState<ActorType | null>(null);
  const [boardId, setBoardId] = useState<string | null>(null);
  const [targetType, setTargetType] = useState<string | null>(null);
  // "since" is fixed when the period is chosen, so the list does not refetch as the clock moves
  const [period, setPeriod] = useState<{ value: Period; since: string | null }>({ value: 'all', since: null });
  const [q] = useDebouncedValue(search.trim(), 300);
  const [actionTerm] = useDebouncedValue(action.trim(), 300);
  const actionValid = actionTerm === '' || ACTION.test(actionTerm);
  const filters = {
    organization_id: organizationId!,
    ...(q ? { q } : {}),
    ...(actionTerm && actionValid ? { action: actionTerm } : {}),
    ...(actorType ? { actor_type: actorType } : {}),
    ...(boardId ? { board_id: boardId } : {}),
    ...(targetType ? { target_type: targetType } : {}),
    ...(period.since ? { since: period.since } : {}),
  };
  const filtered = Object.keys(filters).length > 1;
  const query = useInfiniteQuery({
    queryKey: ['activity', filters],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/v1/activity', { params: { query: { ...filters, limit: PAGE_SIZE, offset: pageParam, order: 'desc' } } })),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    enabled: organizationId !== null,
  });
  const entries = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages.at(-1)?.total ?? 0;
  const clear = () => {
    setSearch('');
    setAction('');
    setActorType(null);
    setBoardId(null);
    setTargetType(null);
    setPeriod({ value: 'all', since: null });
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PageHeading title={t('activity.title')} subtitle={t('activity.subtitle')} />
        {organizationId && filtered && (
          <Button variant="subtle" onClick={clear} data-testid="activity-clear">
            {t('activity.clear')}
          </Button>
        )}
      </Group>
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label={t('activity.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={180} data-testid="activity-search" />
            <TextInput
              label={t('activity.action')}
              placeholder={t('activity.actionHint')}
              value={action}
              onChange={(e) => setAction(e.currentTarget.value)}
              error={actionValid ? undefined : t('activity.actionInvalid')}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              w={200}
              data-testid="activity-action-filter"
            />
            <Select
              label={t('activity.actor')}
              placeholder={t('activity.anyone')}
              data={ACTOR_TYPES.map((type) => ({ value: type, label: t(`actor.${type}`) }))}
              value={actorType}
              onChange={(value) => setActorType(value as ActorType | null)}
              clearable
              w={130}
              data-testid="activity-actor-filter"
            />
            <Select
              label={t('activity.targetType')}
              placeholder={t('activity.anything')}
              data={TARGET_TYPES}
              value={targetType}
              onChange={setTargetType}
              searchable
              clearable
              w={160}
              data-testid="activity-target-filter"
            />
            <BoardSelect organizationId={organizationId} value={boardId} onChange={setBoardId} label={t('activity.board')} placeholder={t('activity.allBoards')} testId="activity-board" />
            <Select
              label={t('activity.period')}
              data={(Object.keys(PERIODS) as Period[]).map((value) => ({ value, label: t(`activity.period.${value}`) }))}
              value={period.value}
              onChange={(value) => {
                const next = (value ?? 'all') as Period;
                setPeriod({ value: next, since: PERIODS[next] ? new Date(Date.now() - PERIODS[next] * 1000).toISOString() : null });
              }}
              allowDeselect={false}
              w={140}
              data-testid="activity-period"
            />
          </Group>
          <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
            {() =>
              entries.length === 0 ? (
                <Text c="dimmed" data-testid="empty-state">
                  {filtered ? t('activity.emptyFiltered') : t('activity.empty', { org: organization?.name ?? '' })}
                </Text>
              ) : (
                <Stack gap="xs" data-testid="activity-list">
                  {entries.map((entry) => (
                    <ActivityItem key={entry.id} entry={entry} />
                  ))}
                  <Center mt="sm">
                    <Stack gap={4} align="center">
                      <Text size="sm" c="dimmed" data-testid="activity-count">
                        {t('activity.shown', { shown: entries.length, total })}
                      </Text>
                      {query.hasNextPage ? (
                        <Button variant="light" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid="activity-more">
                          {t('activity.loadMore')}
                        </Button>
                      ) : (
                        <Text size="xs" c="dimmed">
                          {t('activity.end')}
                        </Text>
                      )}
                    </Stack>
                  </Center>
                </Stack>
              )
            }
          </QueryState>
        </>
      )}
    </Stack>
  );
}
