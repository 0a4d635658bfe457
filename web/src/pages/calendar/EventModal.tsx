import { Chip, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { AgentMultiSelect } from '../../components/AgentMultiSelect';
import { BoardSelect } from '../../components/BoardSelect';
import { CreateFormModal } from '../../components/CreateFormModal';
import { useI18n } from '../../lib/i18n';
import { buildRrule, FREQUENCIES, parseRrule, WEEKDAYS, type Frequency, type Recurrence, type Weekday } from '../../lib/rrule';
import { addDays, dayKey, fromLocalInput, timeZones, toLocalInput } from '../../lib/zonedTime';
import { EVENT_TYPES, type CalendarEvent, type EventType } from './calendarData';

/** What a new event starts from: a clicked day, or a slot the helper proposed. */
export interface EventPrefill {
  start: Date;
  end: Date;
  agentIds?: string[];
  timeZone?: string;
}

type RepeatChoice = 'none' | Frequency;

export function EventModal(props: { organizationId: string; displayZone: string; editing: CalendarEvent | null; prefill: EventPrefill | null; onClose(): void; onSaved(title: string): void }) {
  const { editing, prefill } = props;
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const zone0 = editing?.timezone ?? prefill?.timeZone ?? props.displayZone;
  const parsed = editing?.recurrence_rule ? parseRrule(editing.recurrence_rule, zone0) : null;
  const [title, setTitle] = useState(editing?.title ?? '');
  const [eventType, setEventType] = useState<EventType>(editing?.event_type ?? 'meeting');
  const [timeZone, setTimeZone] = useState(zone0);
  const [start, setStart] = useState(toLocalInput(editing?.starts_at ?? prefill!.start, zone0));
  const [end, setEnd] = useState(toLocalInput(editing?.ends_at ?? prefill!.end, zone0));
  const [allDay, setAllDay] = useState(editing?.all_day ?? false);
  const [description, setDescription] = useState(editing?.description ?? '');
  const [boardId, setBoardId] = useState<string | null>(editing?.board_id ?? null);
  const [agentIds, setAgentIds] = useState<string[]>(editing?.agent_ids ?? prefill?.agentIds ?? []);
  // a stored rule the form cannot express is kept as it is unless the user picks another
  const keepRaw = editing?.recurrence_rule && !parsed ? editing.recurrence_rule : null;
  const [repeat, setRepeat] = useState<RepeatChoice | 'custom'>(keepRaw ? 'custom' : (parsed?.freq ?? 'none'));
  const [interval, setInterval] = useState(parsed?.interval ?? 1);
  const [byDay, setByDay] = useState<Weekday[]>(parsed?.byDay ?? []);
  const [endKind, setEndKind] = useState<Recurrence['end']['kind']>(parsed?.end.kind ?? 'never');
  const [count, setCount] = useState(parsed?.end.kind === 'count' ? parsed.end.count : 10);
  const startsAt = fromLocalInput(start, timeZone);
  const endsAt = fromLocalInput(end, timeZone);
  const [until, setUntil] = useState(parsed?.end.kind === 'until' ? parsed.end.until : addDays(dayKey(startsAt ?? new Date(), timeZone), 90));
  const zones = timeZones();
  if (!zones.includes(timeZone)) zones.unshift(timeZone);

  const rule = (): string | null => {
    if (repeat === 'custom') return keepRaw;
    if (repeat === 'none') return null;
    const endSpec: Recurrence['end'] = endKind === 'count' ? { kind: 'count', count } : endKind === 'until' ? { kind: 'until', until } : { kind: 'never' };
    return buildRrule({ freq: repeat, interval, byDay, end: endSpec }, timeZone);
  };
  const badRange = startsAt !== null && endsAt !== null && endsAt <= startsAt;

  const save = useMutation({
    mutationFn: async () => {
      const body = {
        title: title.trim(),
        event_type: eventType,
        starts_at: startsAt!.toISOString(),
        ends_at: endsAt!.toISOString(),
        all_day: allDay,
        timezone: timeZone,
        description: description.trim() || null,
        board_id: boardId,
        agent_ids: agentIds,
        recurrence_rule: rule(),
      };
      if (editing) return unwrap(await api.PATCH('/api/v1/calendar/events/{id}', { params: { path: { id: editing.id } }, body }));
      return unwrap(await api.POST('/api/v1/calendar/events', { body: { organization_id: props.organizationId, ...body } }));
    },
    onSuccess: (event) => props.onSaved(event.title),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });

  return (
    <CreateFormModal
      opened
      onClose={props.onClose}
      title={editing ? t('cal.editEvent') : t('cal.newEvent')}
      error={save.error}
      pending={save.isPending}
      canSubmit={title.trim() !== '' && startsAt !== null && endsAt !== null && !badRange}
      onSubmit={() => save.mutate()}
      submitTestId="event-save"
      submitLabel={editing ? t('cal.save') : undefined}
      errorTestId="event-error"
      size="lg"
    >
      <TextInput label={t('cal.eventTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required data-autofocus data-testid="event-title" />
      <SimpleGrid cols={2}>
        <Select
          label={t('cal.type')}
          data={EVENT_TYPES.map((type) => ({ value: type, label: t(`cal.type.${type}`) }))}
          value={eventType}
          onChange={(value) => value && setEventType(value as EventType)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="event-type"
        />
        <Select
          label={t('cal.timezone')}
          data={zones}
          value={timeZone}
          onChange={(value) => value && setTimeZone(value)}
          searchable
          allowDeselect={false}
          limit={100}
          comboboxProps={{ withinPortal: true }}
          data-testid="event-timezone"
        />
      </SimpleGrid>
      <SimpleGrid cols={2}>
        <TextInput type="datetime-local" label={t('cal.starts')} value={start} onChange={(e) => setStart(e.currentTarget.value)} required data-testid="event-start" />
        <TextInput
          type="datetime-local"
          label={t('cal.ends')}
          value={end}
          onChange={(e) => setEnd(e.currentTarget.value)}
          required
          error={badRange ? t('cal.endsAfter') : undefined}
          data-testid="event-end"
        />
      </SimpleGrid>
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Switch label={t('cal.allDay')} checked={allDay} onChange={(e) => setAllDay(e.currentTarget.checked)} data-testid="event-all-day" />
        <Text size="xs" c="dimmed" ta="right">
          {t('cal.timezoneHint')}
        </Text>
      </Group>
      <SimpleGrid cols={2}>
        <BoardSelect organizationId={props.organizationId} value={boardId} onChange={setBoardId} label={t('cal.board')} placeholder={t('cal.noBoard')} testId="event-board" width="100%" />
        <AgentMultiSelect
          organizationId={props.organizationId}
          value={agentIds}
          onChange={setAgentIds}
          label={t('cal.agents')}
          placeholder={t('cal.noAgents')}
          nothingFound={t('cal.noAgentsFound')}
          testId="event-agents"
        />
      </SimpleGrid>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('cal.repeat')}
        </Text>
        <SegmentedControl
          value={repeat}
          onChange={(value) => setRepeat(value as RepeatChoice)}
          data={[
            { value: 'none', label: t('cal.repeat.none') },
            ...FREQUENCIES.map((f) => ({ value: f, label: t(`cal.repeat.${f}`) })),
            ...(keepRaw ? [{ value: 'custom', label: t('cal.repeat.custom') }] : []),
          ]}
          data-testid="event-repeat"
        />
        {repeat === 'custom' && keepRaw && (
          <Text size="xs" c="dimmed" ff="monospace">
            {keepRaw}
          </Text>
        )}
        {repeat !== 'none' && repeat !== 'custom' && (
          <>
            <Group align="flex-end">
              <NumberInput
                label={t(`cal.interval.${repeat}`)}
                min={1}
                max={99}
                value={interval}
                onChange={(v) => setInterval(Math.max(1, Number(v) || 1))}
                w={160}
                data-testid="event-interval"
              />
              <SegmentedControl
                value={endKind}
                onChange={(value) => setEndKind(value as Recurrence['end']['kind'])}
                data={[
                  { value: 'never', label: t('cal.end.never') },
                  { value: 'count', label: t('cal.end.count') },
                  { value: 'until', label: t('cal.end.until') },
                ]}
                data-testid="event-repeat-end"
              />
              {endKind === 'count' && (
                <NumberInput label={t('cal.occurrences')} min={1} max={999} value={count} onChange={(v) => setCount(Math.max(1, Number(v) || 1))} w={120} data-testid="event-count" />
              )}
              {endKind === 'until' && <TextInput type="date" label={t('cal.untilDate')} value={until} onChange={(e) => setUntil(e.currentTarget.value)} data-testid="event-until" />}
            </Group>
            {repeat === 'WEEKLY' && (
              <Chip.Group multiple value={byDay} onChange={(value) => setByDay(value as Weekday[])}>
                <Group gap={6} data-testid="event-weekdays">
                  {WEEKDAYS.map((d) => (
                    <Chip key={d} value={d} size="xs" data-testid={`event-weekday-${d}`}>
                      {t(`cal.weekday.${d}`)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            )}
            <Text size="xs" c="dimmed" ff="monospace" data-testid="event-rrule">
              RRULE:{rule()}
            </Text>
          </>
        )}
      </Stack>
      <Textarea label={t('common.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxRows={5} data-testid="event-description" />
    </CreateFormModal>
  );
}
