import { NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { CreateFormModal } from '../../components/CreateFormModal';
import { SearchSelect } from '../../components/SearchSelect';
import { useI18n } from '../../lib/i18n';
import { fromLocalInput, toLocalInput } from '../../lib/zonedTime';

/** Plans a task's time for an agent; an overlap with that agent's other schedules comes back as the API's 409, shown in place. */
export function ScheduleModal(props: { organizationId: string; displayZone: string; start: Date; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [start, setStart] = useState(toLocalInput(props.start, props.displayZone));
  const [end, setEnd] = useState(toLocalInput(new Date(props.start.getTime() + 4 * 3600_000), props.displayZone));
  const [hours, setHours] = useState<number | ''>('');
  const startsAt = fromLocalInput(start, props.displayZone);
  const endsAt = fromLocalInput(end, props.displayZone);
  const badRange = startsAt !== null && endsAt !== null && endsAt <= startsAt;
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/calendar/schedules', {
          body: {
            task_id: taskId!,
            ...(agentId ? { agent_id: agentId } : {}),
            planned_start: startsAt!.toISOString(),
            planned_end: endsAt!.toISOString(),
            ...(hours === '' ? {} : { estimated_hours: hours }),
          },
        }),
      ),
    onSuccess: props.onSaved,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });
  return (
    <CreateFormModal
      opened
      onClose={props.onClose}
      title={t('cal.scheduleTask')}
      error={save.error}
      pending={save.isPending}
      canSubmit={taskId !== null && startsAt !== null && endsAt !== null && !badRange}
      onSubmit={() => save.mutate()}
      submitTestId="schedule-save"
      errorTestId="schedule-error"
      submitLabel={t('cal.schedule')}
    >
      <Text size="sm" c="dimmed">
        {t('cal.scheduleHint')}
      </Text>
      <SearchSelect
        queryKey={['tasks', 'options', props.organizationId]}
        load={async (q) =>
          unwrap(await api.GET('/api/v1/tasks', { params: { query: { organization_id: props.organizationId, q: q || undefined, limit: PAGE_SIZE, sort: 'title', order: 'asc' } } })).items.map(
            (task) => ({ value: task.id, label: task.title }),
          )
        }
        value={taskId}
        onChange={setTaskId}
        label={t('cal.task')}
        placeholder={t('cal.taskPlaceholder')}
        nothingFound={t('cal.noTasks')}
        testId="schedule-task"
      />
      <SearchSelect
        queryKey={['agents', props.organizationId]}
        load={async (q) =>
          unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: props.organizationId, q: q || undefined, limit: PAGE_SIZE, sort: 'name', order: 'asc' } } })).items.map(
            (agent) => ({ value: agent.id, label: agent.name }),
          )
        }
        value={agentId}
        onChange={setAgentId}
        label={t('cal.agent')}
        placeholder={t('cal.assigneeDefault')}
        nothingFound={t('cal.noAgentsFound')}
        clearable
        testId="schedule-agent"
      />
      <SimpleGrid cols={2}>
        <TextInput type="datetime-local" label={t('cal.plannedStart', { zone: props.displayZone })} value={start} onChange={(e) => setStart(e.currentTarget.value)} data-testid="schedule-start" />
        <TextInput
          type="datetime-local"
          label={t('cal.plannedEnd')}
          value={end}
          onChange={(e) => setEnd(e.currentTarget.value)}
          error={badRange ? t('cal.endsAfter') : undefined}
          data-testid="schedule-end"
        />
      </SimpleGrid>
      <NumberInput label={t('cal.estimatedHours')} min={0} max={10000} decimalScale={1} value={hours} onChange={(v) => setHours(v === '' ? '' : Number(v))} w={200} data-testid="schedule-hours" />
    </CreateFormModal>
  );
}
