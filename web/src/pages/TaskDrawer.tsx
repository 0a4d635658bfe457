import { Badge, Divider, Drawer, Group, Stack, Tabs, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Task } from '../api/client';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import type { KanbanTask } from '../lib/kanban';
import { TaskActivity } from './task/TaskActivity';
import { TaskApprovals } from './task/TaskApprovals';
import { TaskComments } from './task/TaskComments';
import { TaskCustomFields } from './task/TaskCustomFields';
import { TaskDependencies } from './task/TaskDependencies';
import { TaskDetails } from './task/TaskDetails';
import { TaskTags } from './task/TaskTags';
import { taskKey } from './task/useTaskPatch';

const PRIORITY_COLOR: Record<Task['priority'], string> = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' };

/** A tab's count, or nothing (an empty right section would still take room). */
function count(value: number) {
  return value > 0 ? (
    <Badge size="xs" variant="light" circle>
      {value}
    </Badge>
  ) : undefined;
}

/**
 * One task of the board, read through GET /tasks/{id}: its details, dependencies, tags, custom fields, approvals,
 * activity and comments, each in its own tab (loaded when opened). Every change shows on the board at once.
 */
export function TaskDrawer(props: {
  taskId: string | null;
  boardTasks: Record<string, KanbanTask>;
  /** the board's names for ids (its tasks, the organisation's agents), for the activity */
  nameOf(id: string): string | undefined;
  onClose(): void;
  onSaved(task: Task): void;
}) {
  const { taskId, boardTasks, onClose, onSaved } = props;
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<string | null>('details');
  const query = useQuery({
    queryKey: taskKey(taskId ?? ''),
    queryFn: async () => unwrap(await api.GET('/api/v1/tasks/{id}', { params: { path: { id: taskId! } } })),
    enabled: taskId !== null,
  });
  const onBoard = taskId ? boardTasks[taskId] : undefined;
  // another user's change reaches the board through the live sync; the drawer then reads the task again
  useEffect(() => {
    if (onBoard?.updated_at && query.data && String(onBoard.updated_at) > query.data.updated_at) void queryClient.invalidateQueries({ queryKey: taskKey(onBoard.id) });
  }, [onBoard?.updated_at, onBoard?.id, query.data, queryClient]);
  useEffect(() => {
    if (taskId) setTab('details');
  }, [taskId]);
  const task = query.data;
  return (
    <Drawer
      opened={taskId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text fw={600} size="lg" style={{ overflowWrap: 'anywhere' }} data-testid="task-drawer-title">
          {task?.title ?? onBoard?.title}
        </Text>
      }
      data-testid="task-drawer"
    >
      {taskId && (
        <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
          {() => (
            <Stack>
              <Group gap="xs">
                <Badge variant="light">{t(`status.${task!.status}`)}</Badge>
                <Badge variant="outline" color={PRIORITY_COLOR[task!.priority]} data-testid="task-priority">
                  {t(`priority.${task!.priority}`)}
                </Badge>
                {task!.tags.map((tag) => (
                  <Badge key={tag.id} color={tag.color} variant="dot">
                    {tag.name}
                  </Badge>
                ))}
              </Group>
              <Tabs value={tab} onChange={setTab} keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="details" data-testid="tab-details">
                    {t('drawer.tab.details')}
                  </Tabs.Tab>
                  <Tabs.Tab value="dependencies" rightSection={count(task!.depends_on.length)} data-testid="tab-dependencies">
                    {t('drawer.tab.dependencies')}
                  </Tabs.Tab>
                  <Tabs.Tab value="tags" rightSection={count(task!.tags.length)} data-testid="tab-tags">
                    {t('drawer.tab.tags')}
                  </Tabs.Tab>
                  <Tabs.Tab value="fields" data-testid="tab-fields">
                    {t('drawer.tab.fields')}
                  </Tabs.Tab>
                  <Tabs.Tab value="approvals" data-testid="tab-approvals">
                    {t('drawer.tab.approvals')}
                  </Tabs.Tab>
                  <Tabs.Tab value="activity" data-testid="tab-activity">
                    {t('drawer.tab.activity')}
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="details" pt="md">
                  <TaskDetails key={task!.id} task={task!} saved={onSaved} />
                  <Divider my="md" />
                  <TaskComments taskId={task!.id} />
                </Tabs.Panel>
                <Tabs.Panel value="dependencies" pt="md">
                  <TaskDependencies task={task!} boardTasks={boardTasks} saved={onSaved} />
                </Tabs.Panel>
                <Tabs.Panel value="tags" pt="md">
                  <TaskTags task={task!} saved={onSaved} />
                </Tabs.Panel>
                <Tabs.Panel value="fields" pt="md">
                  <TaskCustomFields key={task!.id} task={task!} saved={onSaved} />
                </Tabs.Panel>
                <Tabs.Panel value="approvals" pt="md">
                  <TaskApprovals taskId={task!.id} />
                </Tabs.Panel>
                <Tabs.Panel value="activity" pt="md">
                  <TaskActivity taskId={task!.id} nameOf={props.nameOf} />
                </Tabs.Panel>
              </Tabs>
            </Stack>
          )}
        </QueryState>
      )}
    </Drawer>
  );
}
