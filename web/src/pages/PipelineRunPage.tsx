import { Alert, Anchor, Badge, Button, Code, Group, JsonInput, Loader, Modal, Paper, ScrollArea, Stack, Text, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { ModalFooter } from '../components/ModalFooter';
import { Notice } from '../components/Notice';
import { isActive, RunStatusBadge, STAGE_COLOR, StageStatusBadge } from '../components/PipelineStatus';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';

type Run = Schemas['PipelineRunDto'];
type StageState = Schemas['StageStateDto'];

/** While a run can change its page asks again this often; a finished run is not polled. */
const LIVE_MS = 1500;

const runKey = (id: string) => ['pipeline-runs', 'one', id];

function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <ScrollArea.Autosize mah={200}>
      <Code block data-testid={testId}>
        {JSON.stringify(value, null, 2)}
      </Code>
    </ScrollArea.Autosize>
  );
}

function StageItem({ stage, instructions, boardId }: { stage: StageState; instructions?: string; boardId: string | null }) {
  const { t, language } = useI18n();
  const times = [stage.started_at && t('run.started', { time: formatDateTime(stage.started_at, language) }), stage.finished_at && t('run.finishedAt', { time: formatDateTime(stage.finished_at, language) })]
    .filter(Boolean)
    .join(' · ');
  const waitsManual = stage.type === 'manual' && stage.status === 'waiting';
  return (
    <Stack gap={6} data-testid="timeline-stage" data-stage-key={stage.key} data-status={stage.status}>
      <Group gap="xs">
        <Text fw={600}>{stage.name}</Text>
        <Badge variant="default" size="sm">
          {t(`stageType.${stage.type}`)}
        </Badge>
        <StageStatusBadge status={stage.status} />
        {stage.attempts > 1 && (
          <Text size="xs" c="dimmed">
            {t('run.attempts', { count: stage.attempts })}
          </Text>
        )}
      </Group>
      {times && (
        <Text size="xs" c="dimmed">
          {times}
        </Text>
      )}
      {waitsManual && (
        <Alert color="yellow" variant="light" p="xs">
          <Text size="sm">{t('run.waitsManual')}</Text>
          {instructions && (
            <Text size="sm" c="dimmed" mt={4}>
              {instructions}
            </Text>
          )}
        </Alert>
      )}
      {boardId && typeof stage.output?.task_id === 'string' && stage.status !== 'cancelled' && (
        <Anchor component={Link} to={`/boards/${boardId}`} size="sm" data-testid="stage-task">
          {t('run.openTask')}
        </Anchor>
      )}
      {stage.error && (
        <Text size="sm" c="red" data-testid="stage-error">
          {t('run.stageError')}: {stage.error}
        </Text>
      )}
      {stage.output && Object.keys(stage.output).length > 0 && (
        <div>
          <Text size="xs" c="dimmed" mb={2}>
            {t('run.stageOutput')}
          </Text>
          <JsonBlock value={stage.output} />
        </div>
      )}
    </Stack>
  );
}

function AdvanceModal({ run, stage, onClose, onDone }: { run: Run; stage: StageState | null; onClose(): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [output, setOutput] = useState('');
  const advance = useMutation({
    mutationFn: async () => {
      let parsed: Record<string, unknown> | undefined;
      if (output.trim()) {
        try {
          parsed = JSON.parse(output) as Record<string, unknown>;
        } catch {
          throw new Error(t('editor.invalidJson', { field: t('run.output') }));
        }
      }
      return unwrap(await api.POST('/api/v1/pipeline-runs/{run_id}/advance', { params: { path: { run_id: run.id } }, body: parsed ? { output: parsed } : {} }));
    },
    onSuccess: (next) => {
      queryClient.setQueryData(runKey(run.id), next);
      onDone(t('run.advanced', { stage: stage?.name ?? '' }));
      close();
    },
    // refused because the run moved on elsewhere: show where it is now
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['pipeline-runs'] }),
  });
  const close = () => {
    setOutput('');
    advance.reset();
    onClose();
  };
  return (
    <Modal opened={stage !== null} onClose={close} title={<Text fw={600}>{t('run.advanceTitle', { stage: stage?.name ?? '' })}</Text>} size="lg">
      <Stack>
        <Text size="sm">{t('run.advanceHint', { key: stage?.key ?? '' })}</Text>
        <JsonInput label={t('run.output')} placeholder='{"note": "…"}' value={output} onChange={setOutput} validationError={t('editor.invalidJson', { field: t('run.output') })} formatOnBlur autosize minRows={3} data-testid="advance-output" />
        <ModalFooter error={advance.error} errorTestId="advance-error" onCancel={close}>
          <Button color="green" onClick={() => advance.mutate()} loading={advance.isPending} data-testid="advance-submit">
            {t('run.advance')}
          </Button>
        </ModalFooter>
      </Stack>
    </Modal>
  );
}

function CancelModal({ run, opened, onClose, onDone }: { run: Run; opened: boolean; onClose(): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/pipeline-runs/{run_id}/cancel', { params: { path: { run_id: run.id } } })),
    onSuccess: (next) => {
      queryClient.setQueryData(runKey(run.id), next);
      onDone(t('run.cancelled'));
      close();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['pipeline-runs'] }),
  });
  const close = () => {
    cancel.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{t('run.cancelTitle')}</Text>}>
      <Stack>
        <Text size="sm">{t('run.cancelText')}</Text>
        <ModalFooter error={cancel.error} errorTestId="cancel-error" onCancel={close} cancelLabel={t('run.keep')}>
          <Button color="red" onClick={() => cancel.mutate()} loading={cancel.isPending} data-testid="cancel-confirm">
            {t('run.cancelConfirm')}
          </Button>
        </ModalFooter>
      </Stack>
    </Modal>
  );
}

export default function PipelineRunPage() {
  const { t, language } = useI18n();
  const { runId } = useParams();
  const [advancing, setAdvancing] = useState<StageState | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({
    queryKey: runKey(runId!),
    queryFn: async () => unwrap(await api.GET('/api/v1/pipeline-runs/{run_id}', { params: { path: { run_id: runId! } } })),
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data.status) ? false : LIVE_MS),
  });
  const run = query.data;
  // the manual stages' instructions come from the pipeline (when it still has the stage)
  const pipeline = useQuery({
    queryKey: ['pipelines', 'one', run?.pipeline_id],
    queryFn: async () => unwrap(await api.GET('/api/v1/pipelines/{id}', { params: { path: { id: run!.pipeline_id } } })),
    enabled: run !== undefined,
    retry: false,
  });
  const instructionsOf = (key: string) => {
    const config = pipeline.data?.stages.find((stage) => stage.key === key && stage.type === 'manual')?.config as { instructions?: string } | undefined;
    return config?.instructions;
  };
  return (
    <Stack>
      {run && (
        <Anchor component={Link} to={`/pipelines/${run.pipeline_id}`} size="sm" data-testid="run-back">
          ← {t('run.back')}
        </Anchor>
      )}
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() => {
          const r = run!;
          const current = r.stages.find((stage) => stage.key === r.current_stage) ?? null;
          const canAdvance = r.status === 'waiting' && current?.type === 'manual' && current.status === 'waiting';
          const reached = r.stages.reduce((last, stage, index) => (stage.status !== 'pending' ? index : last), -1);
          return (
            <>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div>
                  <Group gap="sm">
                    <Title order={2}>{t('run.title', { name: r.pipeline_name })}</Title>
                    <RunStatusBadge status={r.status} />
                    {isActive(r.status) && (
                      <Group gap={6} data-testid="run-live">
                        <Loader size={12} type="dots" />
                        <Text size="xs" c="dimmed">
                          {t('run.live')}
                        </Text>
                      </Group>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('run.startedAt', { time: formatDateTime(r.created_at, language), how: t(`runTrigger.${r.trigger.type}`, { event: r.trigger.event ?? '' }) })}
                    {r.finished_at && ` · ${t('run.ended', { time: formatDateTime(r.finished_at, language) })}`}
                  </Text>
                </div>
                <Group gap="xs" wrap="nowrap">
                  {isActive(r.status) && (
                    <Button variant="light" color="red" onClick={() => setCancelling(true)} data-testid="run-cancel">
                      {t('run.cancel')}
                    </Button>
                  )}
                  {canAdvance && (
                    <Button color="green" onClick={() => setAdvancing(current)} data-testid="run-advance">
                      {t('run.advance')}
                    </Button>
                  )}
                </Group>
              </Group>
              <Notice message={notice} onClose={() => setNotice(null)} testId="run-notice" />
              {r.error && (
                <Alert color={r.status === 'cancelled' ? 'gray' : 'red'} title={t('run.error')} data-testid="run-error">
                  {r.error}
                </Alert>
              )}
              <Paper withBorder p="lg" radius="md">
                <Timeline active={reached} bulletSize={22} lineWidth={2} data-testid="run-timeline">
                  {r.stages.map((stage, index) => (
                    <Timeline.Item
                      key={stage.key}
                      color={STAGE_COLOR[stage.status]}
                      bullet={<Text size="xs" fw={700}>{index + 1}</Text>}
                      lineVariant={index >= reached ? 'dashed' : 'solid'}
                    >
                      <StageItem stage={stage} instructions={instructionsOf(stage.key)} boardId={r.board_id} />
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Paper>
              {Object.keys(r.input).length > 0 && (
                <div>
                  <Text size="sm" fw={500} mb={4}>
                    {t('run.inputTitle')}
                  </Text>
                  <JsonBlock value={r.input} testId="run-input-view" />
                </div>
              )}
              <AdvanceModal run={r} stage={advancing} onClose={() => setAdvancing(null)} onDone={setNotice} />
              <CancelModal run={r} opened={cancelling} onClose={() => setCancelling(false)} onDone={setNotice} />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
