import { Alert, Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { BoardName } from '../../components/BoardName';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useI18n } from '../../lib/i18n';
import { fromLocalInput, toLocalInput } from '../../lib/zonedTime';
import { loadSeries, TYPE_COLORS, type CalendarEvent, type CalendarItem, type Occurrence, type TaskSchedule } from './calendarData';
import { useTaskTitle } from './TaskTitle';

function when(start: Date | string, end: Date | string, timeZone: string, language: string): string {
  const loc = language === 'zh' ? 'zh-CN' : 'en';
  const s = new Date(start).toLocaleString(loc, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const e = new Date(end).toLocaleString(loc, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return `${s} – ${e}`;
}

/** One occurrence: when it is (for the viewer and in its own zone), and what can be done with it or its series. */
function OccurrenceDetails({ occurrence, displayZone, onEdit, onDone }: { occurrence: Occurrence; displayZone: string; onEdit(series: CalendarEvent): void; onDone(message: string): void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState(false);
  const [moveTo, setMoveTo] = useState(toLocalInput(occurrence.starts_at, occurrence.timezone));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const series = useQuery({ queryKey: ['calendar', 'series', occurrence.event_id], queryFn: () => loadSeries(occurrence.event_id) });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['calendar'] });
  const exception = useMutation({
    mutationFn: async (kind: 'cancel' | 'move') => {
      const current = series.data ?? (await loadSeries(occurrence.event_id));
      const others = current.overrides.filter((o) => o.occurrence_start !== occurrence.occurrence_start);
      if (kind === 'cancel')
        return unwrap(
          await api.PATCH('/api/v1/calendar/events/{id}', {
            params: { path: { id: occurrence.event_id } },
            body: { exdates: [...current.exdates, occurrence.occurrence_start], overrides: others },
          }),
        );
      const startsAt = fromLocalInput(moveTo, occurrence.timezone)!;
      const duration = new Date(occurrence.ends_at).getTime() - new Date(occurrence.starts_at).getTime();
      const moved = { occurrence_start: occurrence.occurrence_start, starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + duration).toISOString() };
      return unwrap(await api.PATCH('/api/v1/calendar/events/{id}', { params: { path: { id: occurrence.event_id } }, body: { overrides: [...others, moved] } }));
    },
    onSuccess: (_, kind) => onDone(t(kind === 'cancel' ? 'cal.occurrenceCancelled' : 'cal.occurrenceMoved', { title: occurrence.title })),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/calendar/events/{id}', { params: { path: { id: occurrence.event_id } } })),
    onSuccess: () => onDone(t('cal.deleted', { title: occurrence.title })),
    onSettled: invalidate,
  });
  const ownZone = occurrence.timezone !== displayZone;
  return (
    <Stack>
      <Group gap="xs">
        <Badge color={TYPE_COLORS[occurrence.event_type]} variant="light">
          {t(`cal.type.${occurrence.event_type}`)}
        </Badge>
        {occurrence.recurring && <Badge variant="outline">{t('cal.recurring')}</Badge>}
        {occurrence.moved && <Badge variant="outline" color="orange">{t('cal.moved')}</Badge>}
        {occurrence.all_day && <Badge variant="outline" color="gray">{t('cal.allDay')}</Badge>}
      </Group>
      <div>
        <Text size="sm" data-testid="occurrence-when">
          {when(occurrence.starts_at, occurrence.ends_at, displayZone, language)} <Text span c="dimmed" size="xs">({displayZone})</Text>
        </Text>
        {ownZone && (
          <Text size="xs" c="dimmed">
            {t('cal.inOwnZone', { when: when(occurrence.starts_at, occurrence.ends_at, occurrence.timezone, language), zone: occurrence.timezone })}
          </Text>
        )}
      </div>
      {occurrence.recurrence_rule && (
        <Text size="xs" ff="monospace" c="dimmed">
          RRULE:{occurrence.recurrence_rule}
        </Text>
      )}
      {occurrence.board_id && (
        <Text size="sm">
          {t('cal.board')}: <Link to={`/boards/${occurrence.board_id}`}><BoardName boardId={occurrence.board_id} /></Link>
        </Text>
      )}
      <Text size="sm">{t('cal.agentCount', { count: occurrence.agent_ids.length })}</Text>
      {occurrence.description && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {occurrence.description}
        </Text>
      )}
      {moving && (
        <Group align="flex-end">
          <TextInput type="datetime-local" label={t('cal.moveTo', { zone: occurrence.timezone })} value={moveTo} onChange={(e) => setMoveTo(e.currentTarget.value)} data-testid="occurrence-move-to" />
          <Button onClick={() => exception.mutate('move')} loading={exception.isPending} disabled={!fromLocalInput(moveTo, occurrence.timezone)} data-testid="occurrence-move-save">
            {t('cal.moveSave')}
          </Button>
        </Group>
      )}
      {(exception.error || series.error) && (
        <Alert color="red" data-testid="occurrence-error">
          {(exception.error ?? series.error)!.message}
        </Alert>
      )}
      <Group justify="space-between">
        <Group gap="xs">
          {occurrence.recurring && (
            <>
              <Button variant="light" color="orange" size="xs" onClick={() => exception.mutate('cancel')} loading={exception.isPending && exception.variables === 'cancel'} data-testid="occurrence-cancel">
                {t('cal.cancelOccurrence')}
              </Button>
              <Button variant="light" size="xs" onClick={() => setMoving(!moving)} data-testid="occurrence-move">
                {t('cal.moveOccurrence')}
              </Button>
            </>
          )}
        </Group>
        <Group gap="xs">
          <Button variant="default" size="xs" color="red" onClick={() => setConfirmDelete(true)} data-testid="event-delete">
            {occurrence.recurring ? t('cal.deleteSeries') : t('cal.delete')}
          </Button>
          <Button size="xs" onClick={() => series.data && onEdit(series.data)} loading={series.isPending} data-testid="event-edit">
            {occurrence.recurring ? t('cal.editSeries') : t('cal.edit')}
          </Button>
        </Group>
      </Group>
      <ConfirmModal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('cal.deleteTitle', { title: occurrence.title })}
        message={occurrence.recurring ? t('cal.deleteSeriesBody') : t('cal.deleteBody')}
        confirmLabel={t('cal.delete')}
        error={remove.error}
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        confirmTestId="event-delete-confirm"
      />
    </Stack>
  );
}

function ScheduleDetails({ schedule, displayZone, onDone }: { schedule: TaskSchedule; displayZone: string; onDone(message: string): void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const title = useTaskTitle(schedule.task_id);
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/calendar/schedules/{id}', { params: { path: { id: schedule.id } } })),
    onSuccess: () => onDone(t('cal.scheduleDeleted', { title })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });
  return (
    <Stack>
      <Text size="sm">{t('cal.planned', { when: when(schedule.planned_start, schedule.planned_end, displayZone, language) })}</Text>
      {schedule.actual_start && <Text size="sm">{t('cal.actual', { when: when(schedule.actual_start, schedule.actual_end ?? schedule.actual_start, displayZone, language) })}</Text>}
      {schedule.estimated_hours !== null && <Text size="sm">{t('cal.estimate', { hours: schedule.estimated_hours })}</Text>}
      {remove.error && <Alert color="red">{remove.error.message}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" size="xs" color="red" onClick={() => remove.mutate()} loading={remove.isPending} data-testid="schedule-delete">
          {t('cal.unschedule')}
        </Button>
      </Group>
    </Stack>
  );
}

function ScheduleTitle({ schedule }: { schedule: TaskSchedule }) {
  return <>{useTaskTitle(schedule.task_id)}</>;
}

export function ItemModal(props: { item: CalendarItem | null; displayZone: string; onClose(): void; onEdit(series: CalendarEvent): void; onDone(message: string): void }) {
  const { item } = props;
  return (
    <Modal
      opened={item !== null}
      onClose={props.onClose}
      size="lg"
      title={<Text fw={600}>{item ? item.kind === 'event' ? item.title : <ScheduleTitle schedule={item.schedule} /> : ''}</Text>}
      data-testid="item-modal"
    >
      {item?.kind === 'event' && <OccurrenceDetails key={item.key} occurrence={item.occurrence} displayZone={props.displayZone} onEdit={props.onEdit} onDone={props.onDone} />}
      {item?.kind === 'schedule' && <ScheduleDetails key={item.key} schedule={item.schedule} displayZone={props.displayZone} onDone={props.onDone} />}
    </Modal>
  );
}
