import { ActionIcon, Alert, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { api, unwrap, type Task } from '../../api/client';
import { SearchSelect } from '../../components/SearchSelect';
import { useI18n } from '../../lib/i18n';
import type { KanbanTask } from '../../lib/kanban';
import { useTaskPatch } from './useTaskPatch';

function TaskRow({ id, task, onRemove, testId }: { id: string; task?: KanbanTask; onRemove?(): void; testId: string }) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="xs" data-testid={testId} data-task-id={id}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {task?.title ?? id}
        </Text>
        <Group gap="xs" wrap="nowrap">
          {task && (
            <Badge variant="light" color={task.status === 'done' ? 'green' : 'gray'}>
              {t(`status.${task.status}`)}
            </Badge>
          )}
          {onRemove && (
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('drawer.remove')} title={t('drawer.remove')} data-testid="dependency-remove">
              ✕
            </ActionIcon>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

/** What this task waits for (editable), and what waits for it (read from the board). */
export function TaskDependencies({ task, boardTasks, saved }: { task: Task; boardTasks: Record<string, KanbanTask>; saved(task: Task): void }) {
  const { t } = useI18n();
  const patch = useTaskPatch(task.id, saved);
  const blocks = Object.values(boardTasks).filter((other) => Array.isArray(other.depends_on) && (other.depends_on as string[]).includes(task.id));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('drawer.dependsOnHint')}
      </Text>
      {task.depends_on.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="dependencies-empty">
          {t('drawer.noDependencies')}
        </Text>
      ) : (
        task.depends_on.map((id) => (
          <TaskRow key={id} id={id} task={boardTasks[id]} testId="dependency" onRemove={() => patch.mutate({ depends_on: task.depends_on.filter((other) => other !== id) })} />
        ))
      )}
      <SearchSelect
        queryKey={['tasks', 'board', task.board_id, 'pick']}
        load={async (q) =>
          unwrap(await api.GET('/api/v1/tasks', { params: { query: { board_id: task.board_id, q: q || undefined, limit: 20, sort: 'title', order: 'asc' } } })).items.map((other) => ({
            value: other.id,
            label: other.title,
          }))
        }
        exclude={[task.id, ...task.depends_on]}
        onChange={(id) => id && patch.mutate({ depends_on: [...task.depends_on, id] })}
        pickOnly
        placeholder={t('drawer.addDependency')}
        nothingFound={t('drawer.noTasksFound')}
        disabled={patch.isPending}
        testId="dependency-search"
      />
      {patch.error && (
        <Alert color="red" title={t('drawer.dependencyRefused')} withCloseButton onClose={() => patch.reset()} data-testid="dependency-error">
          {patch.error.message}
        </Alert>
      )}
      {blocks.length > 0 && (
        <Stack gap="xs" mt="sm">
          <Text size="sm" fw={600}>
            {t('drawer.blocks')}
          </Text>
          {blocks.map((other) => (
            <TaskRow key={other.id} id={other.id} task={other} testId="dependent" />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
