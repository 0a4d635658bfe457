import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { Alert, Anchor, Avatar, Badge, Box, Button, Group, Paper, Progress, ScrollArea, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useMemo, useReducer, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap, type Task } from '../api/client';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import { columns, emptyBoard, isStatus, kanbanReducer, STATUSES, type KanbanTask, type Status } from '../lib/kanban';
import { useBoardSync } from '../lib/useBoardSync';
import { useBoardTasks } from '../lib/useBoardTasks';
import { TaskDrawer } from './TaskDrawer';

const PRIORITY_COLOR: Record<Task['priority'], string> = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' };

/** A card: the title, then the priority, the tags and who it is assigned to. */
function TaskCard({ task, pending, assignee, onOpen }: { task: KanbanTask; pending: boolean; assignee?: string; onOpen?(): void }) {
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: task.id });
  const full = task as Partial<Task> & KanbanTask;
  return (
    <Paper
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      withBorder
      shadow="xs"
      p="xs"
      onClick={onOpen}
      style={{ cursor: 'grab', opacity: isDragging ? 0.4 : pending ? 0.7 : 1, touchAction: 'none', userSelect: 'none' }}
      data-testid="task-card"
      data-task-id={task.id}
      data-status={task.status}
    >
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {task.title}
      </Text>
      {(full.priority || (full.tags?.length ?? 0) > 0 || assignee) && (
        <Group gap={4} mt={6} wrap="wrap">
          {full.priority && full.priority !== 'medium' && (
            <Badge size="xs" variant="light" color={PRIORITY_COLOR[full.priority]}>
              {t(`priority.${full.priority}`)}
            </Badge>
          )}
          {full.tags?.map((tag) => (
            <Badge key={tag.id} size="xs" variant="dot" color={tag.color} data-testid="card-tag">
              {tag.name}
            </Badge>
          ))}
          {assignee && (
            <Tooltip label={assignee}>
              <Avatar size={20} radius="xl" color="initials" ml="auto" name={assignee} data-testid="card-assignee" />
            </Tooltip>
          )}
        </Group>
      )}
    </Paper>
  );
}

/** A one-line title card is about this tall; the virtualiser measures each card once it is drawn. */
const CARD_ESTIMATE = 42;
const CARD_GAP = 8;

/**
 * A column draws only the cards in and near its scrolled view, so a board of thousands of tasks stays as light as
 * one of twenty. The card being dragged stays drawn wherever the column scrolls, since dnd-kit needs its node.
 */
function Column({ status, tasks, pending, dragged, agents, onOpen }: { status: Status; tasks: KanbanTask[]; pending: Record<string, Status>; dragged: string | null; agents: Map<string, string>; onOpen(id: string): void }) {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const scroller = useRef<HTMLDivElement>(null);
  const draggedIndex = dragged ? tasks.findIndex((task) => task.id === dragged) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return draggedIndex < 0 || indexes.includes(draggedIndex) ? indexes : [...indexes, draggedIndex].sort((a, b) => a - b);
    },
    [draggedIndex],
  );
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_ESTIMATE,
    getItemKey: (index) => tasks[index].id,
    gap: CARD_GAP,
    overscan: 6,
    rangeExtractor,
  });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      miw={210}
      bg={isOver ? 'var(--mantine-color-indigo-light)' : 'var(--mantine-color-default-hover)'}
      data-testid={`column-${status}`}
      data-over={isOver}
      style={{ flex: '1 1 0' }}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm" truncate>
          {t(`status.${status}`)}
        </Text>
        <Badge size="sm" variant="light" data-testid={`column-count-${status}`}>
          {tasks.length}
        </Badge>
      </Group>
      <div ref={scroller} data-testid={`column-scroll-${status}`} style={{ height: COLUMN_HEIGHT, overflowY: 'auto', overflowX: 'hidden', overscrollBehavior: 'contain', paddingRight: 2 }}>
        {tasks.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t('board.dropHere')}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const task = tasks[item.index];
              return (
                <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
                  <TaskCard task={task} pending={pending[task.id] !== undefined} assignee={typeof task.assignee_id === 'string' ? agents.get(task.assignee_id) : undefined} onOpen={() => onOpen(task.id)} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </Paper>
  );
}

/** Columns fill the window below the page's header and form, and scroll on their own. */
const COLUMN_HEIGHT = 'max(320px, calc(100dvh - 300px))';

export default function BoardPage() {
  const { boardId = '' } = useParams();
  const { t } = useI18n();
  const [state, dispatch] = useReducer(kanbanReducer, undefined, emptyBoard);
  const sync = useBoardSync(boardId, dispatch);
  const load = useBoardTasks(boardId, dispatch);
  const [dragged, setDragged] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const board = useQuery({
    queryKey: ['boards', 'one', boardId],
    queryFn: async () => unwrap(await api.GET('/api/v1/boards/{id}', { params: { path: { id: boardId } } })),
  });
  const organizationId = board.data?.organization_id;
  // the names on the cards: the organisation's agents, at most one page of the largest size
  const agents = useQuery({
    queryKey: ['agents', organizationId, 'names'],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: organizationId!, limit: 100, sort: 'name', order: 'asc' } } })),
    enabled: organizationId !== undefined,
    staleTime: 60_000,
  });
  const agentNames = useMemo(() => new Map((agents.data?.items ?? []).map((agent) => [agent.id, agent.name])), [agents.data]);
  const nameOf = useCallback((id: string) => state.tasks[id]?.title ?? agentNames.get(id), [state.tasks, agentNames]);
  const saved = useCallback((task: Task) => dispatch({ type: 'task.updated', task_id: task.id, changes: {}, task: task as unknown as KanbanTask }), []);
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
          {!load.done && !load.error && !state.synced && (
            <Stack gap={4} data-testid="board-loading">
              <Text size="sm" c="dimmed">
                {load.total === undefined ? t('board.loading') : t('board.loadingCount', { loaded: load.loaded, total: load.total })}
              </Text>
              <Progress value={load.total ? (100 * load.loaded) / load.total : 0} size="sm" animated />
            </Stack>
          )}
          {load.error && !state.synced && (
            <Alert color="red" title={t('board.loadFailed', { loaded: load.loaded, total: load.total ?? '?' })} data-testid="board-load-error">
              <Text size="sm" mb="xs">
                {load.error.message}
              </Text>
              <Button size="xs" variant="light" onClick={load.retry} data-testid="board-load-retry">
                {t('common.retry')}
              </Button>
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
                  <Column key={status} status={status} tasks={byStatus[status]} pending={state.pending} dragged={dragged} agents={agentNames} onOpen={setOpened} />
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
          <TaskDrawer taskId={opened && state.tasks[opened] ? opened : null} boardTasks={state.tasks} nameOf={nameOf} onClose={() => setOpened(null)} onSaved={saved} />
        </Stack>
      )}
    </QueryState>
  );
}
