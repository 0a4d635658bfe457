import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  JsonInput,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../api/client';
import { BoardSelect } from '../components/BoardSelect';
import { ModalFooter } from '../components/ModalFooter';
import { PagedTable } from '../components/PagedTable';
import { isActive, RunStatusBadge } from '../components/PipelineStatus';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { EVENTS, FIELDS, newStage, STAGE_TYPES, toBody, toDraft, type Draft, type DraftStage, type EventName, type Pipeline, type StageType, type Trigger } from '../lib/pipeline-draft';

const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

function StageCard(props: { stage: DraftStage; index: number; count: number; onChange(stage: DraftStage): void; onMove(by: number): void; onRemove(): void }) {
  const { t } = useI18n();
  const { stage } = props;
  const set = (name: string, value: string | boolean) => props.onChange({ ...stage, values: { ...stage.values, [name]: value } });
  const label = (name: string) => t(`field.${name}` as MessageKey);
  return (
    <Paper withBorder p="md" radius="md" data-testid="stage-card" data-stage-key={stage.key}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-end">
          <Group gap="sm" wrap="nowrap" align="flex-end" style={{ flex: 1 }}>
            <Badge size="lg" variant="light" circle mb={4}>
              {props.index + 1}
            </Badge>
            <TextInput label={t('editor.stageName')} value={stage.name} onChange={(e) => props.onChange({ ...stage, name: e.currentTarget.value })} required maxLength={200} style={{ flex: 2 }} data-testid="stage-name" />
            <TextInput
              label={t('editor.stageKey')}
              title={t('editor.stageKeyHint')}
              value={stage.key}
              onChange={(e) => props.onChange({ ...stage, key: e.currentTarget.value })}
              required
              maxLength={63}
              styles={MONO}
              style={{ flex: 1 }}
              data-testid="stage-key"
            />
            <Select
              label={t('editor.stageType')}
              data={STAGE_TYPES.map((type) => ({ value: type, label: t(`stageType.${type}`) }))}
              value={stage.type}
              onChange={(type) => type && props.onChange({ ...stage, type: type as StageType, values: {} })}
              allowDeselect={false}
              w={170}
              data-testid="stage-type"
            />
          </Group>
          <Group gap={4} wrap="nowrap" mb={4}>
            <ActionIcon variant="default" aria-label={t('editor.moveUp')} title={t('editor.moveUp')} disabled={props.index === 0} onClick={() => props.onMove(-1)} data-testid="stage-up">
              ↑
            </ActionIcon>
            <ActionIcon variant="default" aria-label={t('editor.moveDown')} title={t('editor.moveDown')} disabled={props.index === props.count - 1} onClick={() => props.onMove(1)} data-testid="stage-down">
              ↓
            </ActionIcon>
            <ActionIcon variant="light" color="red" aria-label={t('editor.remove')} title={t('editor.remove')} disabled={props.count === 1} onClick={props.onRemove} data-testid="stage-remove">
              ✕
            </ActionIcon>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {FIELDS[stage.type].map((field) => {
            const value = stage.values[field.name];
            const common = { key: field.name, label: label(field.name), required: field.required, 'data-testid': `stage-field-${field.name}` };
            const text = typeof value === 'string' ? value : '';
            const wide = { style: { gridColumn: '1 / -1' } };
            switch (field.kind) {
              case 'bool':
                return <Checkbox {...common} {...wide} label={label(field.name)} checked={value === true} onChange={(e) => set(field.name, e.currentTarget.checked)} />;
              case 'select':
                return <Select {...common} data={field.options!} value={text || null} onChange={(next) => set(field.name, next ?? '')} placeholder={field.fallback} clearable />;
              case 'textarea':
                return <Textarea {...common} {...wide} value={text} onChange={(e) => set(field.name, e.currentTarget.value)} autosize minRows={2} />;
              case 'json':
                return <JsonInput {...common} {...wide} value={text} onChange={(next) => set(field.name, next)} validationError={t('editor.invalidJson', { field: label(field.name) })} formatOnBlur autosize minRows={2} />;
              default:
                return (
                  <TextInput
                    {...common}
                    value={text}
                    onChange={(e) => set(field.name, e.currentTarget.value)}
                    placeholder={field.fallback ?? (field.name.startsWith('on_') ? t('field.next') : undefined)}
                    inputMode={field.kind === 'number' ? 'numeric' : undefined}
                  />
                );
            }
          })}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** The pipeline's details, trigger and stages as a draft saved in one PATCH. */
function Editor({ pipeline, onSaved }: { pipeline: Pipeline; onSaved(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [initial] = useState(() => toDraft(pipeline));
  const [draft, setDraft] = useState(initial);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const save = useMutation({
    mutationFn: async () => {
      const body = toBody(draft, (name) => t(`field.${name}` as MessageKey), (field) => t('editor.invalidJson', { field }));
      return unwrap(await api.PATCH('/api/v1/pipelines/{id}', { params: { path: { id: pipeline.id } }, body }));
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['pipelines', 'one', pipeline.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      onSaved();
    },
  });
  const change = (next: Partial<Draft>) => {
    setDraft((previous) => ({ ...previous, ...next }));
  };
  const stages = draft.stages;
  const setStage = (index: number, stage: DraftStage) => change({ stages: stages.map((s, i) => (i === index ? stage : s)) });
  const move = (index: number, by: number) => {
    const next = [...stages];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    change({ stages: next });
  };
  const addStage = () => {
    let n = stages.length + 1;
    while (stages.some((s) => s.key === `stage_${n}`)) n++;
    change({ stages: [...stages, newStage(`stage_${n}`, t('editor.newStage'))] });
  };
  const trigger = draft.trigger;
  // the same buttons above the form and under the last stage: a long pipeline need not be scrolled back
  const [savedFrom, setSavedFrom] = useState('pipeline-save');
  const refusal = (where: string) =>
    save.error && savedFrom === where ? (
      <Alert color="red" data-testid="pipeline-save-error">
        {save.error.message}
      </Alert>
    ) : null;
  const actions = (saveTestId: string) => (
    <Group gap="xs">
      <Button variant="default" disabled={!dirty} onClick={() => change(initial)} data-testid={`${saveTestId}-reset`}>
        {t('editor.reset')}
      </Button>
      <Button
        onClick={() => {
          setSavedFrom(saveTestId);
          save.mutate();
        }}
        loading={save.isPending} disabled={!dirty || stages.length === 0} data-testid={saveTestId}>
        {t('editor.save')}
      </Button>
    </Group>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c={dirty ? 'yellow.7' : 'dimmed'} data-testid="pipeline-dirty">
          {dirty ? t('editor.unsaved') : ''}
        </Text>
        {actions('pipeline-save')}
      </Group>
      {refusal('pipeline-save')}
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Title order={4}>{t('editor.details')}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <TextInput label={t('common.name')} value={draft.name} onChange={(e) => change({ name: e.currentTarget.value })} required maxLength={200} data-testid="pipeline-edit-name" />
            <BoardSelect organizationId={pipeline.organization_id} value={draft.boardId} onChange={(boardId) => change({ boardId })} label={t('pipelines.board')} placeholder={t('pipelines.noBoard')} testId="pipeline-edit-board" />
            <Textarea label={t('common.description')} value={draft.description} onChange={(e) => change({ description: e.currentTarget.value })} autosize minRows={1} maxLength={5000} style={{ gridColumn: '1 / -1' }} />
          </SimpleGrid>
          <Switch label={t('editor.enabled')} checked={draft.enabled} onChange={(e) => change({ enabled: e.currentTarget.checked })} data-testid="pipeline-enabled" />
          <Group align="flex-start" gap="sm">
            <Select
              label={t('editor.triggerType')}
              data={(['manual', 'event', 'schedule'] as const).map((type) => ({ value: type, label: t(`trigger.${type}`) }))}
              value={trigger.type}
              onChange={(type) => type && change({ trigger: { ...trigger, type: type as Trigger['type'] } })}
              allowDeselect={false}
              w={180}
              data-testid="trigger-type"
            />
            {trigger.type === 'event' && (
              <Select
                label={t('editor.event')}
                description={t('editor.eventHint')}
                data={Object.keys(EVENTS)}
                value={trigger.event}
                onChange={(event) => change({ trigger: { ...trigger, event: event as EventName | null } })}
                searchable
                required
                w={280}
                data-testid="trigger-event"
              />
            )}
            {trigger.type === 'schedule' && (
              <>
                <TextInput label={t('editor.cron')} description={t('editor.cronHint')} value={trigger.cron} onChange={(e) => change({ trigger: { ...trigger, cron: e.currentTarget.value } })} required styles={MONO} w={280} data-testid="trigger-cron" />
                <TextInput label={t('editor.timezone')} description="IANA, e.g. Asia/Shanghai" value={trigger.timezone} onChange={(e) => change({ trigger: { ...trigger, timezone: e.currentTarget.value } })} w={200} data-testid="trigger-timezone" />
              </>
            )}
          </Group>
        </Stack>
      </Paper>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={4}>{t('pipelines.stages')}</Title>
          <Text size="sm" c="dimmed">
            {t('editor.stagesHint')} {t('editor.variables')}
          </Text>
        </div>
      </Group>
      {stages.length === 0 && <Text c="dimmed">{t('editor.noStages')}</Text>}
      {stages.map((stage, index) => (
        <StageCard key={stage.uid} stage={stage} index={index} count={stages.length} onChange={(next) => setStage(index, next)} onMove={(by) => move(index, by)} onRemove={() => change({ stages: stages.filter((_, i) => i !== index) })} />
      ))}
      <Group justify="space-between">
        <Button variant="light" onClick={addStage} disabled={stages.length >= 50} data-testid="stage-add">
          + {t('editor.addStage')}
        </Button>
        {actions('pipeline-save-bottom')}
      </Group>
      {refusal('pipeline-save-bottom')}
    </Stack>
  );
}

function Runs({ pipeline }: { pipeline: Pipeline }) {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const runs = useQuery({
    queryKey: ['pipeline-runs', 'of', pipeline.id, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/pipelines/{id}/runs', { params: { path: { id: pipeline.id }, query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'desc' } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((run) => isActive(run.status)) ? 3000 : false),
  });
  return (
    <PagedTable
      query={runs}
      page={page}
      onPageChange={setPage}
      empty={t('runs.empty')}
      emptyTestId="runs-empty"
      testId="runs-table"
      highlightOnHover
      verticalSpacing="sm"
      columns={[t('runs.started'), t('runs.status'), t('runs.currentStage'), t('runs.startedBy'), t('runs.finished')]}
      row={(run) => (
        <Table.Tr key={run.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/pipelines/runs/${run.id}`)} data-testid="run-row" data-status={run.status}>
          <Table.Td>{formatDateTime(run.created_at, language)}</Table.Td>
          <Table.Td>
            <RunStatusBadge status={run.status} testId="run-row-status" />
          </Table.Td>
          <Table.Td>{run.stages.find((stage) => stage.key === run.current_stage)?.name ?? '—'}</Table.Td>
          <Table.Td>{t(`runTrigger.${run.trigger.type}`, { event: run.trigger.event ?? '' })}</Table.Td>
          <Table.Td>{run.finished_at ? formatDateTime(run.finished_at, language) : '—'}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}

function StartRunModal({ pipeline, opened, onClose }: { pipeline: Pipeline; opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [input, setInput] = useState('{}');
  const start = useMutation({
    mutationFn: async () => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(input.trim() || '{}') as Record<string, unknown>;
      } catch {
        throw new Error(t('editor.invalidJson', { field: t('runs.input') }));
      }
      return unwrap(await api.POST('/api/v1/pipelines/{id}/run', { params: { path: { id: pipeline.id } }, body: { input: parsed } }));
    },
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: ['pipeline-runs'] });
      queryClient.setQueryData(['pipeline-runs', 'one', run.id], run);
      void navigate(`/pipelines/runs/${run.id}`);
    },
  });
  const close = () => {
    start.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{t('runs.startTitle', { name: pipeline.name })}</Text>} size="lg">
      <Stack>
        <JsonInput label={t('runs.input')} description={t('runs.inputHint')} value={input} onChange={setInput} validationError={t('editor.invalidJson', { field: t('runs.input') })} formatOnBlur autosize minRows={4} data-testid="run-input" />
        <ModalFooter error={start.error} errorTestId="run-start-error" onCancel={close}>
          <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="run-start-submit">
            {t('runs.start')}
          </Button>
        </ModalFooter>
      </Stack>
    </Modal>
  );
}

function DeleteModal({ pipeline, opened, onClose }: { pipeline: Pipeline; opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/pipelines/{id}', { params: { path: { id: pipeline.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      void navigate('/pipelines');
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{t('editor.deleteTitle', { name: pipeline.name })}</Text>}>
      <Stack>
        <Text size="sm">{t('editor.deleteText')}</Text>
        <ModalFooter error={remove.error} errorTestId="pipeline-delete-error" onCancel={onClose}>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending} data-testid="pipeline-delete-confirm">
            {t('editor.delete')}
          </Button>
        </ModalFooter>
      </Stack>
    </Modal>
  );
}

export default function PipelinePage() {
  const { t } = useI18n();
  const { pipelineId } = useParams();
  const [tab, setTab] = useState<string | null>('stages');
  const [starting, setStarting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState(false);
  const query = useQuery({
    queryKey: ['pipelines', 'one', pipelineId],
    queryFn: async () => unwrap(await api.GET('/api/v1/pipelines/{id}', { params: { path: { id: pipelineId! } } })),
  });
  const pipeline = query.data;
  return (
    <Stack>
      <Anchor component={Link} to="/pipelines" size="sm" data-testid="pipeline-back">
        ← {t('editor.back')}
      </Anchor>
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() => (
          <>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Group gap="sm">
                  <Title order={2} data-testid="pipeline-title">
                    {pipeline!.name}
                  </Title>
                  <Badge color={pipeline!.enabled ? 'green' : 'gray'} variant="light">
                    {t(pipeline!.enabled ? 'pipelines.enabled' : 'pipelines.disabled')}
                  </Badge>
                </Group>
                {pipeline!.template && (
                  <Text size="sm" c="dimmed">
                    {t('editor.fromTemplate', { template: pipeline!.template })}
                  </Text>
                )}
              </div>
              <Group gap="xs" wrap="nowrap">
                <Button variant="subtle" color="red" onClick={() => setDeleting(true)} data-testid="pipeline-delete">
                  {t('editor.delete')}
                </Button>
                <Button onClick={() => setStarting(true)} data-testid="run-start">
                  ▶ {t('runs.start')}
                </Button>
              </Group>
            </Group>
            {saved && (
              <Alert color="green" withCloseButton onClose={() => setSaved(false)} data-testid="pipeline-saved">
                {t('editor.saved')}
              </Alert>
            )}
            <Tabs value={tab} onChange={setTab} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="stages" data-testid="tab-stages">
                  {t('editor.tabStages')}
                </Tabs.Tab>
                <Tabs.Tab value="runs" data-testid="tab-runs">
                  {t('editor.tabRuns')}
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="stages">
                <Editor key={pipeline!.updated_at} pipeline={pipeline!} onSaved={() => setSaved(true)} />
              </Tabs.Panel>
              <Tabs.Panel value="runs">
                <Runs pipeline={pipeline!} />
              </Tabs.Panel>
            </Tabs>
            <StartRunModal pipeline={pipeline!} opened={starting} onClose={() => setStarting(false)} />
            <DeleteModal pipeline={pipeline!} opened={deleting} onClose={() => setDeleting(false)} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
