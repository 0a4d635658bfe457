import { Alert, Anchor, Badge, Button, Code, Group, Modal, ScrollArea, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, PAGE_SIZE, unwrap, type Schemas } from '../api/client';
import { BoardName } from '../components/BoardName';
import { BoardSelect } from '../components/BoardSelect';
import { NoOrganization } from '../components/NoOrganization';
import { Notice } from '../components/Notice';
import { PagedTable } from '../components/PagedTable';
import { RowActions } from '../components/RowActions';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';
import { useActorName } from '../lib/useActorName';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { PageHeading } from '../components/PageHeading';

type Approval = Schemas['ApprovalDto'];
type Status = Approval['status'];
type Actor = Approval['requested_by'];
type Filter = Status | 'all';
type Decision = 'approve' | 'reject';

const FILTERS: Filter[] = ['pending', 'approved', 'rejected', 'cancelled', 'all'];
const STATUS_COLOR: Record<Status, string> = { pending: 'yellow', approved: 'green', rejected: 'red', cancelled: 'gray' };

function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="approval-status">
      {t(`approvals.status.${status}`)}
    </Badge>
  );
}

function RequestedBy({ actor }: { actor: Actor }) {
  const { t } = useI18n();
  return <>{t('approvals.requestedBy', { actor: useActorName(actor) })}</>;
}

/** The task an approval is about, linking to its board. */
function TaskLink({ approval }: { approval: Approval }) {
  const { t } = useI18n();
  const task = useQuery({
    queryKey: ['tasks', 'one', approval.task_id],
    queryFn: async () => unwrap(await api.GET('/api/v1/tasks/{id}', { params: { path: { id: approval.task_id } } })),
    staleTime: 60_000,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
  if (task.error)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('approvals.taskGone')}
      </Text>
    );
  return (
    <Anchor component={Link} to={`/boards/${approval.board_id}`} size="sm" lineClamp={2} data-testid="approval-task">
      {task.data?.title ?? '…'}
    </Anchor>
  );
}

function Confidence({ value }: { value: number | null }) {
  if (value === null) return <Text c="dimmed">—</Text>;
  const percent = Math.round(value * 100);
  return (
    <Text size="sm" fw={500} c={percent >= 80 ? 'green' : percent >= 50 ? 'yellow.7' : 'red'}>
      {percent}%
    </Text>
  );
}

/** An approval's details and, while it is pending, the form that approves or rejects it with a comment. */
function DecisionModal({ approval, decision, onClose, onDecided }: { approval: Approval | null; decision: Decision | null; onClose(): void; onDecided(message: string): void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: async ({ id, kind, text }: { id: string; kind: Decision; text: string }) => {
      const options = { params: { path: { id } }, body: text ? { note: text } : {} };
      return unwrap(kind === 'approve' ? await api.POST('/api/v1/approvals/{id}/approve', options) : await api.POST('/api/v1/approvals/{id}/reject', options));
    },
    onSuccess: (decided, { kind }) => {
      onDecided(t(kind === 'approve' ? 'approvals.approved' : 'approvals.rejected', { action: decided.action_type }));
      close();
    },
    // decided elsewhere meanwhile (409): the list shows what happened
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['approvals'] }),
  });
  const close = () => {
    setNote('');
    decide.reset();
    onClose();
  };
  if (!approval) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (decision) decide.mutate({ id: approval.id, kind: decision, text: note.trim() });
  };
  const payload = Object.keys(approval.payload).length > 0 ? JSON.stringify(approval.payload, null, 2) : null;
  const title = decision ? t(decision === 'approve' ? 'approvals.approveTitle' : 'approvals.rejectTitle', { action: approval.action_type }) : approval.action_type;
  return (
    <Modal opened onClose={close} title={<Text fw={600}>{title}</Text>} size="lg" data-testid="decision-modal">
      <form onSubmit={submit}>
        <Stack>
          <Table variant="vertical" layout="fixed" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={130}>{t('approvals.task')}</Table.Th>
                <Table.Td>
                  <TaskLink approval={approval} />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('approvals.board')}</Table.Th>
                <Table.Td>
                  <BoardName boardId={approval.board_id} />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('approvals.requested')}</Table.Th>
                <Table.Td>
                  {formatDateTime(approval.created_at, language)} · <RequestedBy actor={approval.requested_by} />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('approvals.confidence')}</Table.Th>
                <Table.Td>
                  <Confidence value={approval.confidence} />
                </Table.Td>
              </Table.Tr>
              {approval.status !== 'pending' && (
                <Table.Tr>
                  <Table.Th>{t('approvals.decision')}</Table.Th>
                  <Table.Td>
                    <DecisionSummary approval={approval} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('approvals.payload')}
            </Text>
            {payload ? (
              <ScrollArea.Autosize mah={220}>
                <Code block data-testid="decision-payload">
                  {payload}
                </Code>
              </ScrollArea.Autosize>
            ) : (
              <Text size="sm" c="dimmed">
                {t('approvals.noPayload')}
              </Text>
            )}
          </div>
          {decision && approval.status === 'pending' && (
            <Textarea
              label={t('approvals.note')}
              description={t(decision === 'approve' ? 'approvals.noteApprove' : 'approvals.noteReject')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              required={decision === 'reject'}
              maxLength={2000}
              autosize
              minRows={3}
              data-autofocus
              data-testid="decision-note"
            />
          )}
          {decide.error && (
            <Alert color="red" data-testid="decision-error">
              {decide.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-testid="decision-close">
              {t(decision ? 'common.cancel' : 'approvals.close')}
            </Button>
            {decision && approval.status === 'pending' && (
              <Button
                type="submit"
                color={decision === 'approve' ? 'green' : 'red'}
                loading={decide.isPending}
                disabled={decision === 'reject' && !note.trim()}
                data-testid="decision-submit"
              >
                {t(decision === 'approve' ? 'approvals.confirmApprove' : 'approvals.confirmReject')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DecisionSummary({ approval }: { approval: Approval }) {
  const { t, language } = useI18n();
  const decider = useActorName(approval.decided_by);
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <StatusBadge status={approval.status} />
        {approval.decided_by && approval.decided_at && (
          <Text size="xs" c="dimmed">
            {t('approvals.decidedBy', { actor: decider, time: formatDateTime(approval.decided_at, language) })}
          </Text>
        )}
      </Group>
      <Text size="sm" c={approval.decision_note ? undefined : 'dimmed'} lineClamp={3} data-testid="approval-note">
        {approval.decision_note ?? t('approvals.noNote')}
      </Text>
    </Stack>
  );
}

export default function ApprovalsPage() {
  const { t, language } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  // the filters live in the address, so a reload or a shared link shows the same list
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((value) => value === params.get('status')) ?? 'pending';
  const boardId = params.get('board');
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const update = (changes: { status?: Filter; board?: string | null; page?: number }) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        const set = (name: string, value: string | null, fallback: string) => (value === null || value === fallback ? next.delete(name) : next.set(name, value));
        if (changes.status !== undefined) set('status', changes.status, 'pending');
        if (changes.board !== undefined) set('board', changes.board, '');
        if (changes.page !== undefined) set('page', String(changes.page), '1');
        return next;
      },
      { replace: true },
    );
  // a board belongs to one organisation: choosing another one clears the board filter
  const shownOrganization = useRef(organizationId);
  useEffect(() => {
    if (shownOrganization.current === organizationId) return;
    const switched = shownOrganization.current !== null;
    shownOrganization.current = organizationId;
    if (switched) update({ board: null, page: 1 });
  });
  const [open, setOpen] = useState<{ approval: Approval; decision: Decision | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const scope = { organization_id: organizationId!, ...(boardId ? { board_id: boardId } : {}) };
  const query = useQuery({
    queryKey: ['approvals', organizationId, boardId, filter, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/approvals', {
          params: { query: { ...scope, ...(filter === 'all' ? {} : { status: filter }), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'desc' } },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const pending = useQuery({
    queryKey: ['approvals', organizationId, boardId, 'pending-count'],
    queryFn: async () => unwrap(await api.GET('/api/v1/approvals', { params: { query: { ...scope, status: 'pending', limit: 1 } } })).total,
    enabled: organizationId !== null,
    refetchInterval: 15_000,
  });
  const changeFilter = (next: Filter) => update({ status: next, page: 1 });
  const changeBoard = (next: string | null) => update({ board: next, page: 1 });
  const empty = filter !== 'pending' ? t('approvals.emptyFiltered') : boardId ? t('approvals.emptyPendingBoard', { org: organization?.name ?? '' }) : t('approvals.emptyPending');
  return (
    <Stack>
      <PageHeading title={t('approvals.title')} subtitle={t('approvals.subtitle')} />
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <>
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <SegmentedControl
              aria-label={t('approvals.status')}
              value={filter}
              onChange={(value) => changeFilter(value as Filter)}
              data={FILTERS.map((value) => ({
                value,
                label: (
                  <span data-testid={`approvals-filter-${value}`}>
                    {value === 'pending' && pending.data ? t('approvals.pendingCount', { count: pending.data }) : t(`approvals.status.${value}`)}
                  </span>
                ),
              }))}
              data-testid="approvals-status"
            />
            <BoardSelect organizationId={organizationId} value={boardId} onChange={changeBoard} placeholder={t('approvals.allBoards')} testId="approvals-board" />
          </Group>
          <Notice message={notice} onClose={() => setNotice(null)} testId="approvals-notice" />
          <PagedTable
            query={query}
            page={page}
            onPageChange={(next) => update({ page: next })}
            empty={empty}
            testId="approvals-table"
            minWidth={900}
            verticalSpacing="sm"
            columns={[t('approvals.action'), t('approvals.board'), t('approvals.requested'), t('approvals.confidence'), { label: t('approvals.decision'), w: 260 }, { w: 190 }]}
            row={(approval) => (
              <Table.Tr key={approval.id} data-testid="approval-row" data-approval-id={approval.id} data-status={approval.status}>
                <Table.Td>
                  <Code fw={600}>{approval.action_type}</Code>
                  <TaskLink approval={approval} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <BoardName boardId={approval.board_id} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(approval.created_at, language)}</Text>
                  <Text size="xs" c="dimmed">
                    <RequestedBy actor={approval.requested_by} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Confidence value={approval.confidence} />
                </Table.Td>
                <Table.Td>{approval.status === 'pending' ? <StatusBadge status="pending" /> : <DecisionSummary approval={approval} />}</Table.Td>
                <RowActions>
                  {approval.status === 'pending' ? (
                    <>
                      <Button size="xs" color="green" variant="light" onClick={() => setOpen({ approval, decision: 'approve' })} data-testid="approval-approve">
                        {t('approvals.approve')}
                      </Button>
                      <Button size="xs" color="red" variant="light" onClick={() => setOpen({ approval, decision: 'reject' })} data-testid="approval-reject">
                        {t('approvals.reject')}
                      </Button>
                    </>
                  ) : (
                    <Button size="xs" variant="default" onClick={() => setOpen({ approval, decision: null })} data-testid="approval-view">
                      {t('approvals.review')}
                    </Button>
                  )}
                </RowActions>
              </Table.Tr>
            )}
          />
          <DecisionModal approval={open?.approval ?? null} decision={open?.decision ?? null} onClose={() => setOpen(null)} onDecided={setNotice} />
        </>
      )}
    </Stack>
  );
}
