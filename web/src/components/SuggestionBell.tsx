import { ActionIcon, Alert, Anchor, Badge, Box, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { useOrganization } from '../lib/organization';
import { useSuggestionStream, type StreamStatus } from '../lib/useSuggestionStream';
import { Pager } from './Pager';

type Suggestion = Schemas['SuggestionDto'];
type SuggestionPage = { items: Suggestion[]; total: number; limit: number; offset: number };

const BELL_PAGE = 6;
const PRIORITY_COLOR: Record<Suggestion['priority'], string> = { low: 'gray', medium: 'blue', high: 'orange', critical: 'red' };
const STATUS_COLOR: Record<StreamStatus, string> = { live: 'teal', connecting: 'gray', offline: 'yellow', refused: 'red' };
const STATUS_LABEL: Record<StreamStatus, MessageKey> = { live: 'bell.live', connecting: 'bell.connecting', offline: 'bell.offline', refused: 'bell.refused' };
const pendingKey = (organizationId: string | null) => ['suggestions', 'pending', organizationId];

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** Where the suggestion points: its task's or board's kanban, the agents, or the rule that made it. */
function ConcernsLink({ suggestion, onNavigate }: { suggestion: Suggestion; onNavigate(): void }) {
  const { t } = useI18n();
  const [to, label]: [string, MessageKey] | [null, null] = suggestion.board_id
    ? [`/boards/${suggestion.board_id}`, suggestion.task_id ? 'bell.openTask' : 'bell.openBoard']
    : suggestion.agent_id
      ? ['/agents', 'bell.openAgents']
      : suggestion.rule_id
        ? [`/rules?edit=${suggestion.rule_id}`, 'bell.openRule']
        : [null, null];
  if (!to) return null;
  return (
    <Anchor component={Link} to={to} size="xs" onClick={onNavigate} data-testid="suggestion-link">
      {t(label)} →
    </Anchor>
  );
}

function SuggestionItem({ suggestion, fresh, onDecided, onNavigate }: { suggestion: Suggestion; fresh: boolean; onDecided(message: string, failed: boolean): void; onNavigate(): void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: async (kind: 'accept' | 'dismiss') => {
      const options = { params: { path: { id: suggestion.id } }, body: {} };
      return unwrap(kind === 'accept' ? await api.POST('/api/v1/suggestions/{id}/accept', options) : await api.POST('/api/v1/suggestions/{id}/dismiss', options));
    },
    onSuccess: (decided) => {
      const title = decided.title;
      if (decided.status === 'failed') onDecided(t('bell.failed', { title, error: String(decided.result?.error ?? '') }), true);
      else onDecided(t(decided.status === 'executed' ? 'bell.executed' : decided.status === 'dismissed' ? 'bell.dismissed' : 'bell.accepted', { title }), false);
      // an action may have moved, created or reassigned tasks, or asked for an approval
      if (decided.status === 'executed') void queryClient.invalidateQueries({ predicate: ({ queryKey }) => ['tasks', 'boards', 'approvals'].includes(String(queryKey[0])) });
    },
    // decided elsewhere or expired meanwhile (409): the list catches up either way
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['suggestions'] }),
  });
  return (
    <Box py="xs" px="sm" data-testid="suggestion-item" data-suggestion-id={suggestion.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {suggestion.title}
        </Text>
        <Group gap={4} wrap="nowrap">
          {fresh && (
            <Badge size="xs" color="teal" data-testid="suggestion-new">
              {t('bell.new')}
            </Badge>
          )}
          <Badge size="xs" variant="light" color={PRIORITY_COLOR[suggestion.priority]}>
            {t(`suggestion.priority.${suggestion.priority}`)}
          </Badge>
        </Group>
      </Group>
      {suggestion.description && (
        <Text size="xs" c="dimmed" lineClamp={3} mt={2} style={{ overflowWrap: 'anywhere' }}>
          {suggestion.description}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={4}>
        {formatDateTime(suggestion.created_at, language)} · {t(suggestion.source === 'agent' ? 'bell.fromAgent' : 'bell.fromRule')}
        {suggestion.confidence !== null && ` · ${Math.round(suggestion.confidence * 100)}%`}
      </Text>
      {suggestion.action && (
        <Text size="xs" mt={2}>
          {t('bell.runs', { action: t(`action.${suggestion.action.type}`) })}
        </Text>
      )}
      {decide.error && (
        <Text size="xs" c="red" mt={4} data-testid="suggestion-error">
          {decide.error.message}
        </Text>
      )}
      <Group justify="space-between" mt={6} wrap="nowrap">
        <ConcernsLink suggestion={suggestion} onNavigate={onNavigate} />
        <Group gap={6} wrap="nowrap" ml="auto">
          <Button size="compact-xs" variant="default" loading={decide.isPending && decide.variables === 'dismiss'} disabled={decide.isPending} onClick={() => decide.mutate('dismiss')} data-testid="suggestion-dismiss">
            {t('bell.dismiss')}
          </Button>
          <Button size="compact-xs" color="teal" loading={decide.isPending && decide.variables === 'accept'} disabled={decide.isPending} onClick={() => decide.mutate('accept')} data-testid="suggestion-accept">
            {t(suggestion.action ? 'bell.acceptAndRun' : 'bell.accept')}
          </Button>
        </Group>
      </Group>
    </Box>
  );
}

/** The header's bell: how many suggestions wait in the organisation, and the list to accept or dismiss them, live. */
export function SuggestionBell() {
  const { t, language } = useI18n();
  const { organizationId } = useOrganization();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [page, setPage] = useState(1);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ message: string; failed: boolean } | null>(null);
  const query = useQuery({
    queryKey: [...pendingKey(organizationId), page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/suggestions', {
          params: { query: { organization_id: organizationId!, status: 'pending', sort: 'created_at', order: 'desc', limit: BELL_PAGE, offset: (page - 1) * BELL_PAGE } },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
    // the stream brings new ones; this catches decisions made elsewhere and expiries
    refetchInterval: 60_000,
  });
  const status = useSuggestionStream(organizationId, (suggestion) => {
    if (suggestion.status !== 'pending') return;
    // shown at once on the first page; the refetch then settles the count and the order
    queryClient.setQueryData<SuggestionPage>([...pendingKey(organizationId), 1], (current) =>
      current && !current.items.some((item) => item.id === suggestion.id) ? { ...current, items: [suggestion, ...current.items].slice(0, BELL_PAGE), total: current.total + 1 } : current,
    );
    setFresh((previous) => new Set(previous).add(suggestion.id));
    void queryClient.invalidateQueries({ queryKey: pendingKey(organizationId) });
  });
  const total = query.data?.total ?? 0;
  const items = query.data?.items ?? [];
  const close = () => setOpened(false);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={420}
      shadow="md"
      onClose={() => {
        setFresh(new Set());
        setNotice(null);
      }}
    >
      <Popover.Target>
        <Indicator label={total > 99 ? '99+' : total} size={18} color="red" disabled={total === 0} offset={4} data-testid="suggestion-bell-count" data-count={total}>
          <Tooltip label={t('bell.label')} disabled={opened}>
            <ActionIcon variant="default" size="lg" aria-label={t('bell.label')} onClick={() => setOpened((o) => !o)} data-testid="suggestion-bell">
              <BellIcon />
            </ActionIcon>
          </Tooltip>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="suggestion-list">
        <Group justify="space-between" px="sm" py="xs">
          <Text fw={600} size="sm">
            {t('bell.title')}
          </Text>
          <Badge variant="dot" color={STATUS_COLOR[status]} size="sm" data-testid="suggestion-stream-status" data-status={status}>
            {t(STATUS_LABEL[status])}
          </Badge>
        </Group>
        <Divider />
        {notice && (
          <Alert color={notice.failed ? 'red' : 'teal'} m="xs" p="xs" withCloseButton onClose={() => setNotice(null)} data-testid="suggestion-notice">
            <Text size="xs">{notice.message}</Text>
          </Alert>
        )}
        {!organizationId ? (
          <Text size="sm" c="dimmed" p="sm" data-testid="suggestion-empty">
            {t('bell.noOrganization')}
          </Text>
        ) : query.error ? (
          <Text size="sm" c="red" p="sm">
            {query.error.message}
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm" data-testid="suggestion-empty">
            {t('bell.empty')}{' '}
            <Anchor component={Link} to="/rules" onClick={close} size="sm">
              {t('bell.rulesLink')}
            </Anchor>
            {language === 'zh' ? '。' : '.'}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={460}>
            <Stack gap={0}>
              {items.map((suggestion, index) => (
                <div key={suggestion.id}>
                  {index > 0 && <Divider />}
                  <SuggestionItem suggestion={suggestion} fresh={fresh.has(suggestion.id)} onDecided={(message, failed) => setNotice({ message, failed })} onNavigate={close} />
                </div>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        {total > BELL_PAGE && (
          <Box px="sm" pb="xs">
            <Pager page={page} total={total} onChange={setPage} pageSize={BELL_PAGE} testId="suggestion-pager" />
          </Box>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
