import { Alert, Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas, type Task } from '../../api/client';
import { SearchSelect } from '../../components/SearchSelect';
import { useI18n } from '../../lib/i18n';
import { useTaskPatch } from './useTaskPatch';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/** An ISO instant as a datetime-local input's value, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Title, description, priority, assignee and due date; only the changed ones are sent. */
export function TaskDetails({ task, saved }: { task: Task; saved(task: Task): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? '');
  const [priority, setPriority] = useState<Task['priority']>(task.priority);
  const [assignee, setAssignee] = useState<string | null>(task.assignee_id);
  const [due, setDue] = useState(toLocalInput(task.due_at));
  const patch = useTaskPatch(task.id, saved);
  const current = useQuery({
    queryKey: ['agents', 'one', task.assignee_id],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents/{id}', { params: { path: { id: task.assignee_id! } } })),
    enabled: task.assignee_id !== null,
  });

  const body: Schemas['UpdateTaskDto'] = {};
  if (title.trim() !== task.title) body.title = title.trim();
  if ((description.trim() || null) !== (task.description || null)) body.description = description.trim() || null;
  if (priority !== task.priority) body.priority = priority;
  if (assignee !== task.assignee_id) body.assignee_id = assignee;
  if (due !== toLocalInput(task.due_at)) body.due_at = due ? new Date(due).toISOString() : null;
  const dirty = Object.keys(body).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    patch.mutate(body);
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label={t('drawer.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={500} required data-testid="task-edit-title" />
        <Textarea
          label={t('common.description')}
          placeholder={t('drawer.descriptionHint')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={3}
          maxRows={10}
          data-testid="task-edit-description"
        />
        <SimpleGrid cols={2}>
          <Select
            label={t('drawer.priority')}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
            value={priority}
            onChange={(value) => value && setPriority(value as Task['priority'])}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="task-edit-priority"
          />
          <TextInput type="datetime-local" label={t('drawer.due')} value={due} onChange={(e) => setDue(e.currentTarget.value)} data-testid="task-edit-due" />
        </SimpleGrid>
        <SearchSelect
          queryKey={['agents', task.organization_id]}
          load={async (q) =>
            unwrap(
              await api.GET('/api/v1/agents', { params: { query: { organization_id: task.organization_id, q: q || undefined, limit: PAGE_SIZE, sort: 'name', order: 'asc' } } }),
            ).items.map((agent) => ({ value: agent.id, label: agent.name }))
          }
          value={assignee}
          current={current.data && current.data.id === assignee ? { value: current.data.id, label: current.data.name } : null}
          onChange={setAssignee}
          label={t('drawer.assignee')}
          placeholder={t('drawer.unassigned')}
          nothingFound={t('drawer.noAgents')}
          clearable
          testId="task-edit-assignee"
        />
        {patch.error && (
          <Alert color="red" data-testid="task-edit-error">
            {patch.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={patch.isPending} disabled={!dirty || !title.trim()} data-testid="task-edit-save">
            {t('drawer.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
