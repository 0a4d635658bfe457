import { Code, Group, Paper, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../lib/i18n';
import { taskActivityKey } from './useTaskPatch';

const ACTORS = ['admin', 'agent', 'h5_user', 'gateway', 'system'] as const;
type Actor = (typeof ACTORS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A changed value in one short line, with the names of the board's tasks and agents for their ids; long ones are cut. */
function brief(value: unknown, nameOf: (id: string) => string | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const named = (item: unknown) => (typeof item === 'string' && UUID.test(item) ? (nameOf(item) ?? item) : item);
  const text = typeof value === 'string' ? String(named(value)) : Array.isArray(value) ? value.map((item) => String(named(item))).join(', ') || '—' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The audit entries about this task (target task, newest first), a page at a time. */
export function TaskActivity({ taskId, nameOf }: { taskId: string; nameOf(id: string): string | undefined }) {
  const { t, language } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: [...taskActivityKey(taskId), page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/activity', {
          params: { query: { target_type: 'task', target_id: taskId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'desc' } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
      {() =>
        query.data!.total === 0 ? (
          <Text size="sm" c="dimmed" data-testid="activity-empty">
            {t('drawer.noActivity')}
          </Text>
        ) : (
          <Stack gap="xs">
            {query.data!.items.map((entry) => (
              <Paper key={entry.id} withBorder p="xs" data-testid="activity-entry" data-action={entry.action}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {entry.summary}
                  </Text>
                  <Code style={{ flexShrink: 0 }}>{entry.action}</Code>
                </Group>
                <Text size="xs" c="dimmed">
                  {(ACTORS as readonly string[]).includes(entry.actor.type) ? t(`actor.${entry.actor.type as Actor}`) : entry.actor.type} · {new Date(entry.created_at).toLocaleString(language === 'zh' ? 'zh-CN' : 'en')}
                </Text>
                {Object.entries(entry.changes).map(([field, change]) => {
                  const fromTo = change && typeof change === 'object' && 'to' in change ? (change as { from: unknown; to: unknown }) : null;
                  return (
                    <Text key={field} size="xs" style={{ overflowWrap: 'anywhere' }}>
                      <Text span fw={600} size="xs">
                        {field}
                      </Text>
                      : {fromTo ? `${brief(fromTo.from, nameOf)} → ${brief(fromTo.to, nameOf)}` : brief(change, nameOf)}
                    </Text>
                  );
                })}
              </Paper>
            ))}
            <Pager page={page} total={query.data!.total} onChange={setPage} />
          </Stack>
        )
      }
    </QueryState>
  );
}
