import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { Alert, Anchor, Badge, Box, Button, Group, Paper, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useReducer, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import { columns, emptyBoard, isStatus, kanbanReducer, STATUSES, type KanbanTask, type Status } from '../lib/kanban';
import { useBoardSync } from '../lib/useBoardSync';
import { TaskDrawer } from './TaskDrawer';

function TaskCard({ task, pending, onOpen }: { task: KanbanTask; pending: boolean; onOpen?(): void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: task.id });
  return (
    <Paper
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      withBorder
      shadow="xs"
      p="xs"
      onClick={onOpen}
      style={{ cursor: 'grab', opacity: isDragging ? 0.4 : pending ? 0.7 : 1, touchAction: 'none' }}
      data-testid="task-card"
      data-task-id={task.id}
      data-status={task.status}
    >
      <Text size="sm" fw={500}>
        {task.title}
      </Text>
    </Paper>
  );
}

function Column({ status, tasks, pending, onOpen }: { status: Status; tasks: KanbanTask[]; pending: Record<string, Status>; onOpen(id: string): void }) {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: status });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      miw={220}
      w={220}
      bg={isOver ? 'var(--mantine-color-indigo-light)' : 'var(--mantine-color-default-hover)'}
      data-testid={`column-${status}`}
      data-over={isOver}
      style={{ flexShrink: 0 }}
    >
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {t(`status.${status}`)}
        </Text>
        <Badge size="sm" variant="light">
          {tasks.length}
        </Badge>
      </Group>
      <Stack gap="xs" mih={120}>
        {tasks.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t('board.dropHere')}
          </Text>
        ) : (
          tasks.map((task) => <TaskCard key={task.id} task={task} pending={pending[task.id] !== undefined} onOpen={() => onOpen(task.id)} />)
        )}
      </Stack>
    </Paper>
  );
}

export default function BoardPage() {
  const { boardId = '' } = useParams();
  const { t } = useI18n();
  const [state, dispatch] = useReducer(kanbanReducer, undefined, emptyBoard);
  const sync = useBoardSync(boardId, dispatch);
  const [dragged, setDragged] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const board = useQuery({
    queryKey: ['boards', 'one', boardId],
    queryFn: async () => unwrap(await api.GET('/api/v1/boards/{id}', { params: { path: { id: boardId } } })),
  });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));
  const byStatus = useMemo(() => columns(state), [state]);

  const move = useCallback(async (taskId: string, to: Status) => {
    dispatch({ type: 'move.requested', taskId, to });
    try {
      const task = unwrap(await api.PATCH('/api/v1/tasks/{id}', { params: { path: { id: taskId } }, body: { status: to } }));
      dispatch({ type: 'move.accepted', task });
    } catch (error) {
      dispatch({ type: 'move.refused', taskId, reason: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
    }
  }, []);

  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/tasks', { body: { board_id: boardId, title: title.trim(), status: 'inbox' } })),
    onSuccess: (task) => {
      dispatch({ type: 'task.created', task });
      setTitle('');
    },
  });

  const onDragStart = (event: DragStartEvent) => setDragged(String(event.active.id));
  const onDragEnd = (event: DragEndEvent) => {
    setDragged(null);
    const to = event.over?.id;
    if (isStatus(to) && state.tasks[String(event.active.id)]?.status !== to) void move(String(event.active.id), to);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const draggedTask = dragged ? state.tasks[dragged] : undefined;
  const empty = state.loaded && Object.keys(state.tasks).length === 0;

  return (
    <QueryState isPending={board.isPending} error={board.error} retry={() => void board.refetch()}>
      {() => (
        <Stack>
          <Group justify="space-between">
            <Stack gap={0}>
              <Anchor component={Link} to="/boards" size="sm">
                ← {t('board.back')}
              </Anchor>
              <Title order={2}>{board.data!.name}</Title>
            </Stack>
            <Badge color={sync.status === 'live' ? 'green' : sync.status === 'refused' ? 'red' : 'yellow'} data-testid="sync-status" data-state={sync.status}>
              {sync.status === 'live' ? t('board.live') : sync.status === 'connecting' ? t('board.connecting') : sync.status === 'refused' ? sync.reason : t('board.offline')}
            </Badge>
          </Group>
          <form onSubmit={submit}>
            <Group align="flex-end">
              <TextInput placeholder={t('board.newTask')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={500} w={320} data-testid="task-title" />
              <Button type="submit" loading={create.isPending} disabled={!title.trim()} data-testid="task-add">
                {t('board.addTask')}
              </Button>
            </Group>
          </form>
          {create.error && <Alert color="red">{create.error.message}</Alert>}
          {state.refusal && (
            <Alert color="red" withCloseButton onClose={() => dispatch({ type: 'refusal.dismissed' })} data-testid="move-refused">
              {t('board.refused', { title: state.refusal.title, reason: state.refusal.reason })}
            </Alert>
          )}
          {empty && (
            <Text c="dimmed" data-testid="empty-state">
              {t('board.empty')}
            </Text>
          )}
          <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragged(null)}>
            <ScrollArea type="auto">
              <Group align="flex-start" wrap="nowrap" pb="md">
                {STATUSES.map((status) => (
                  <Column key={status} status={status} tasks={byStatus[status]} pending={state.pending} onOpen={setOpened} />
                ))}
              </Group>
            </ScrollArea>
            <DragOverlay dropAnimation={null}>
              {draggedTask && (
                <Box>
                  <Paper withBorder shadow="md" p="xs" w={200}>
                    <Text size="sm" fw={500}>
                      {draggedTask.title}
                    </Text>
                  </Paper>
                </Box>
              )}
            </DragOverlay>
          </DndContext>
          <TaskDrawer task={opened ? (state.tasks[opened] ?? null) : null} onClose={() => setOpened(null)} />
        </Stack>
      )}
    </QueryState>
  );
}
