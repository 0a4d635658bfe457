import { Alert, Badge, Button, Code, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../../api/client';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../lib/i18n';

type Approval = Schemas['ApprovalDto'];
const COLOR: Record<Approval['status'], string> = { pending: 'yellow', approved: 'green', rejected: 'red', cancelled: 'gray' };

function ApprovalCard({ approval, taskId }: { approval: Approval; taskId: string }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: async (decision: 'approve' | 'reject') =>
      unwrap(
        decision === 'approve'
          ? await api.POST('/api/v1/approvals/{id}/approve', { params: { path: { id: approval.id } }, body: { note: note.trim() || undefined } })
          : await api.POST('/api/v1/approvals/{id}/reject', { params: { path: { id: approval.id } }, body: { note: note.trim() || undefined } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['approvals', 'task', taskId] }),
  });
  const when = (iso: string) => new Date(iso).toLocaleString(language === 'zh' ? 'zh-CN' : 'en');
  return (
    <Paper withBorder p="sm" data-testid="approval" data-status={approval.status}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Code>{approval.action_type}</Code>
          <Badge color={COLOR[approval.status]} data-testid="approval-status">
            {t(`drawer.approval.${approval.status}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {t('drawer.requestedBy', { who: t(`actor.${approval.requested_by.type}`), when: when(approval.created_at) })}
          {approval.confidence !== null && ` · ${t('drawer.confidence', { value: Math.round(approval.confidence * 100) })}`}
        </Text>
        {Object.keys(approval.payload).length > 0 && (
          <Code block style={{ maxHeight: 120, overflow: 'auto' }}>
            {JSON.stringify(approval.payload, null, 2)}
          </Code>
        )}
        {approval.decided_by && approval.decided_at && (
          <Text size="xs" c="dimmed">
            {t('drawer.decidedBy', { who: t(`actor.${approval.decided_by.type}`), when: when(approval.decided_at) })}
            {approval.decision_note && ` · “${approval.decision_note}”`}
          </Text>
        )}
        {approval.status === 'pending' && (
          <Stack gap="xs">
            <TextInput size="xs" placeholder={t('drawer.decisionNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="approval-note" />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" color="red" variant="light" loading={decide.isPending && decide.variables === 'reject'} disabled={decide.isPending} onClick={() => decide.mutate('reject')} data-testid="approval-reject">
                {t('drawer.reject')}
              </Button>
              <Button size="xs" color="green" loading={decide.isPending && decide.variables === 'approve'} disabled={decide.isPending} onClick={() => decide.mutate('approve')} data-testid="approval-approve">
                {t('drawer.approve')}
              </Button>
            </Group>
          </Stack>
        )}
        {decide.error && <Alert color="red">{decide.error.message}</Alert>}
      </Stack>
    </Paper>
  );
}

/** The approval requests of this task, newest first, with approve and reject for the pending one. */
export function TaskApprovals({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['approvals', 'task', taskId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/approvals', { params: { query: { task_id: taskId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'desc' } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
      {() =>
        query.data!.total === 0 ? (
          <Text size="sm" c="dimmed" data-testid="approvals-empty">
            {t('drawer.noApprovals')}
          </Text>
        ) : (
          <Stack gap="sm">
            {query.data!.items.map((approval) => (
              <ApprovalCard key={approval.id} approval={approval} taskId={taskId} />
            ))}
            <Pager page={page} total={query.data!.total} onChange={setPage} />
          </Stack>
        )
      }
    </QueryState>
  );
}
