import { Badge, Button, Center, Group, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { Panel } from '../../components/Panel';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import type { StreamStatus } from '../../lib/useEventStream';
import { useLiveActivity, type LiveEntry } from '../../lib/useLiveActivity';

type Page = Schemas['LiveActivityDto'];
const PAGE = 20;
const STATUS: Record<StreamStatus, { color: string; key: MessageKey }> = {
  live: { color: 'green', key: 'board.live' },
  connecting: { color: 'gray', key: 'board.connecting' },
  offline: { color: 'orange', key: 'board.offline' },
  refused: { color: 'red', key: 'live.refused' },
};
const TYPE_COLOR: Record<string, string> = { task: 'indigo', board: 'teal', agent: 'violet', approval: 'orange', suggestion: 'yellow', gateway: 'cyan', organization: 'grape' };

/** The trail, newest first: older pages by cursor, new entries pushed by the live stream as they are saved. */
export function LiveActivity({ organizationId, organizationName, onActivity }: { organizationId: string; organizationName: string; onActivity(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const client = useQueryClient();
  const key = useMemo(() => ['command-center', 'live', organizationId], [organizationId]);
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/command-center/live-activity', { params: { query: { organization_id: organizationId, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    // the stream keeps it fresh
    staleTime: Infinity,
  });
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const onEntry = useCallback(
    (entry: LiveEntry) => {
      client.setQueryData<InfiniteData<Page, string>>(key, (data) => {
        if (!data || data.pages.some((p) => p.items.some((item) => item.id === entry.id))) return data;
        const [first, ...rest] = data.pages;
        return { ...data, pages: [{ ...first, items: [entry, ...first.items] }, ...rest] };
      });
      setFresh((ids) => new Set(ids).add(entry.id));
      onActivity();
    },
    [client, key, onActivity],
  );
  const status = useLiveActivity(organizationId, onEntry);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Panel
      testId="live"
      title={t('live.title')}
      controls={
        <Group gap="xs">
          {fresh.size > 0 && (
            <Badge variant="light" color="indigo" data-testid="live-new">
              {t('live.new', { count: fresh.size })}
            </Badge>
          )}
          <Badge variant="dot" color={STATUS[status].color} data-testid="live-status" data-state={status}>
            {t(STATUS[status].key)}
          </Badge>
        </Group>
      }
    >
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() => {
          const items = query.data!.pages.flatMap((p) => p.items);
          if (items.length === 0)
            return (
              <Center mih={160}>
                <Text c="dimmed" ta="center" maw={360} data-testid="live-empty">
                  {t('live.empty', { org: organizationName })}
                </Text>
              </Center>
            );
          return (
            <ScrollArea.Autosize mah={560} type="auto" offsetScrollbars>
              <Stack gap={0} data-testid="live-list">
                {items.map((entry) => {
                  const domain = entry.type.split('.')[0];
                  return (
                    <Group
                      key={entry.id}
                      wrap="nowrap"
                      align="flex-start"
                      gap="sm"
                      py={8}
                      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                      data-testid="live-entry"
                      data-fresh={fresh.has(entry.id) || undefined}
                    >
                      <Badge size="xs" variant="light" color={TYPE_COLOR[domain] ?? 'gray'} mt={3} tt="none" ff="monospace" w={136} style={{ flexShrink: 0 }}>
                        {entry.type}
                      </Badge>
                      <Text size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }} fw={fresh.has(entry.id) ? 600 : undefined}>
                        {entry.summary}
                      </Text>
                      <Tooltip label={new Date(entry.created_at).toLocaleString()}>
                        <Text size="xs" c="dimmed" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                          {f.ago(entry.created_at, now) ?? t('time.justNow')}
                        </Text>
                      </Tooltip>
                    </Group>
                  );
                })}
                <Center pt="sm">
                  {query.hasNextPage ? (
                    <Button variant="subtle" size="xs" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} data-testid="live-older">
                      {t('live.older')}
                    </Button>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t('live.end')}
                    </Text>
                  )}
                </Center>
              </Stack>
            </ScrollArea.Autosize>
          );
        }}
      </QueryState>
    </Panel>
  );
}
