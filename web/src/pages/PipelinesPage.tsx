import { Badge, Button, Group, Radio, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../api/client';
import { BoardName } from '../components/BoardName';
import { BoardSelect } from '../components/BoardSelect';
import { CreateFormModal } from '../components/CreateFormModal';
import { NameCell } from '../components/NameCell';
import { NoOrganization } from '../components/NoOrganization';
import { PagedTable } from '../components/PagedTable';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { PageHeading } from '../components/PageHeading';

type Pipeline = Schemas['PipelineDto'];
type Mode = 'template' | 'scratch';

function TriggerLabel({ trigger }: { trigger: Pipeline['trigger'] }) {
  const { t } = useI18n();
  return (
    <Stack gap={0}>
      <Text size="sm">{t(`trigger.${trigger.type}`)}</Text>
      {(trigger.event || trigger.cron) && (
        <Text size="xs" c="dimmed" ff="monospace">
          {trigger.event ?? `${trigger.cron} (${trigger.timezone ?? 'UTC'})`}
        </Text>
      )}
    </Stack>
  );
}

/** A new pipeline: a built-in template (picked from the API's list) or one manual stage to build on. */
function CreatePipelineModal({ organizationId, opened, onClose }: { organizationId: string; opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('template');
  const [template, setTemplate] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [boardId, setBoardId] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['pipeline-templates'],
    queryFn: async () => unwrap(await api.GET('/api/v1/pipeline-templates', { params: { query: { limit: 100 } } })),
    enabled: opened,
    staleTime: Infinity,
  });
  const chosen = templates.data?.items.find((item) => item.key === template);
  const create = useMutation({
    mutationFn: async () => {
      const common = { organization_id: organizationId, board_id: boardId, ...(name.trim() ? { name: name.trim() } : {}) };
      const body: Schemas['CreatePipelineDto'] =
        mode === 'template'
          ? { ...common, template: template! }
          : { ...common, stages: [{ key: 'sign_off', name: t('pipelines.create.firstStage'), type: 'manual', config: {} }] };
      return unwrap(await api.POST('/api/v1/pipelines', { body }));
    },
    onSuccess: async (pipeline) => {
      await queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      close();
      void navigate(`/pipelines/${pipeline.id}`);
    },
  });
  const close = () => {
    setName('');
    setTemplate(null);
    setBoardId(null);
    create.reset();
    onClose();
  };
  const canSubmit = mode === 'template' ? template !== null : name.trim() !== '';
  return (
    <CreateFormModal
      opened={opened}
      onClose={close}
      title={t('pipelines.create.title')}
      error={create.error}
      pending={create.isPending}
      canSubmit={canSubmit}
      onSubmit={() => create.mutate()}
      submitTestId="pipeline-create-submit"
      size="xl"
    >
      <SegmentedControl
        value={mode}
        onChange={(value) => setMode(value as Mode)}
        data={[
          { value: 'template', label: <span data-testid="pipeline-mode-template">{t('pipelines.create.fromTemplate')}</span> },
          { value: 'scratch', label: <span data-testid="pipeline-mode-scratch">{t('pipelines.create.fromScratch')}</span> },
        ]}
      />
      {mode === 'template' ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('pipelines.create.templateHint')}
          </Text>
          <QueryState isPending={templates.isPending} error={templates.error} retry={() => void templates.refetch()}>
            {() => (
              <Radio.Group value={template} onChange={setTemplate}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  {templates.data!.items.map((item) => (
                    <Radio.Card key={item.key} value={item.key} p="sm" radius="md" data-testid={`template-${item.key}`}>
                      <Group wrap="nowrap" align="flex-start">
                        <Radio.Indicator mt={2} />
                        <Stack gap={4}>
                          <Group gap="xs">
                            <Text fw={600}>{item.name}</Text>
                            <Badge variant="light" size="sm">
                              {t('pipelines.create.stageCount', { count: item.stages.length })}
                            </Badge>
                          </Group>
                          <Text size="xs" c="dimmed">
                            {item.description}
                          </Text>
                        </Stack>
                      </Group>
                    </Radio.Card>
                  ))}
                </SimpleGrid>
              </Radio.Group>
            )}
          </QueryState>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('pipelines.create.scratchHint')}
        </Text>
      )}
      <TextInput
        label={t('pipelines.create.name')}
        placeholder={chosen && mode === 'template' ? t('pipelines.create.nameFromTemplate', { name: chosen.name }) : undefined}
        required={mode === 'scratch'}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        maxLength={200}
        data-testid="pipeline-name"
      />
      <div>
        <BoardSelect organizationId={organizationId} value={boardId} onChange={setBoardId} label={t('pipelines.create.board')} placeholder={t('pipelines.create.chooseBoard')} testId="pipeline-board" />
        <Text size="xs" c="dimmed" mt={4}>
          {t('pipelines.create.boardHint')}
        </Text>
      </div>
    </CreateFormModal>
  );
}

export default function PipelinesPage() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const { organizationId, organization } = useCurrentOrganization();
  const [params, setParams] = useSearchParams();
  const boardId = params.get('board');
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const update = (changes: { board?: string | null; page?: number }) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (changes.board !== undefined) (changes.board ? next.set('board', changes.board) : next.delete('board'));
        if (changes.page !== undefined) (changes.page > 1 ? next.set('page', String(changes.page)) : next.delete('page'));
        return next;
      },
      { replace: true },
    );
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    queryKey: ['pipelines', organizationId, boardId, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/pipelines', {
          params: { query: { organization_id: organizationId!, ...(boardId ? { board_id: boardId } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'updated_at', order: 'desc' } },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PageHeading title={t('pipelines.title')} subtitle={t('pipelines.subtitle')} />
        {organizationId && (
          <Button onClick={() => setCreating(true)} data-testid="pipeline-new">
            {t('pipelines.new')}
          </Button>
        )}
      </Group>
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <>
          <Group>
            <BoardSelect organizationId={organizationId} value={boardId} onChange={(next) => update({ board: next, page: 1 })} placeholder={t('pipelines.allBoards')} testId="pipelines-board" />
          </Group>
          <PagedTable
            query={query}
            page={page}
            onPageChange={(next) => update({ page: next })}
            empty={boardId ? t('pipelines.emptyBoard') : t('pipelines.empty', { org: organization?.name ?? '' })}
            testId="pipelines-table"
            minWidth={800}
            highlightOnHover
            verticalSpacing="sm"
            columns={[t('common.name'), t('pipelines.board'), t('pipelines.trigger'), t('pipelines.stages'), t('pipelines.state'), t('pipelines.updated')]}
            row={(pipeline) => (
              <Table.Tr key={pipeline.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/pipelines/${pipeline.id}`)} data-testid="pipeline-row">
                <NameCell name={pipeline.name} description={pipeline.description} />
                <Table.Td>
                  <Text size="sm">{pipeline.board_id ? <BoardName boardId={pipeline.board_id} /> : t('pipelines.noBoard')}</Text>
                </Table.Td>
                <Table.Td>
                  <TriggerLabel trigger={pipeline.trigger} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t('pipelines.stageCount', { count: pipeline.stages.length })}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={pipeline.enabled ? 'green' : 'gray'} variant="light">
                    {t(pipeline.enabled ? 'pipelines.enabled' : 'pipelines.disabled')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(pipeline.updated_at, language)}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          />
          <CreatePipelineModal organizationId={organizationId} opened={creating} onClose={() => setCreating(false)} />
        </>
      )}
    </Stack>
  );
}
