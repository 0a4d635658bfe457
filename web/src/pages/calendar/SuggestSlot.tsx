import { Badge, Button, Group, NumberInput, Progress, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { AgentMultiSelect } from '../../components/AgentMultiSelect';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../lib/i18n';
import { addDays, dayKey, dayStart, timeZones } from '../../lib/zonedTime';
import type { EventPrefill } from './EventModal';

/** Asks the API for the best free slots for a set of agents; a picked slot opens a new event prefilled with it. */
export function SuggestSlot({ organizationId, displayZone, onPick }: { organizationId: string; displayZone: string; onPick(prefill: EventPrefill): void }) {
  const { t, language } = useI18n();
  const today = dayKey(new Date(), displayZone);
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const [duration, setDuration] = useState(60);
  const [from, setFrom] = useState(addDays(today, 1));
  const [to, setTo] = useState(addDays(today, 8));
  const [workingStart, setWorkingStart] = useState('09:00');
  const [workingEnd, setWorkingEnd] = useState('18:00');
  const [timeZone, setTimeZone] = useState(displayZone);
  const [weekends, setWeekends] = useState(false);
  const zones = timeZones();
  if (!zones.includes(timeZone)) zones.unshift(timeZone);
  const suggest = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/calendar/suggest-slot', {
          body: {
            agent_ids: agentIds,
            duration_minutes: duration,
            window_start: dayStart(from, timeZone).toISOString(),
            window_end: dayStart(addDays(to, 1), timeZone).toISOString(),
            working_hours: { start: workingStart, end: workingEnd },
            timezone: timeZone,
            include_weekends: weekends,
            count: 8,
          },
        }),
      ),
  });
  const loc = language === 'zh' ? 'zh-CN' : 'en';
  const fmt = (iso: string, opts: Intl.DateTimeFormatOptions) => new Date(iso).toLocaleString(loc, { timeZone, ...opts });
  const canAsk = agentIds.length > 0 && duration >= 5 && from !== '' && to !== '' && from <= to;
  return (
    <Panel title={t('cal.suggest')} hint={t('cal.suggestHint')} testId="suggest">
      <Stack>
        <AgentMultiSelect
          organizationId={organizationId}
          value={agentIds}
          onChange={setAgentIds}
          label={t('cal.suggestAgents')}
          placeholder={t('cal.suggestAgentsPlaceholder')}
          nothingFound={t('cal.noAgentsFound')}
          testId="suggest-agents"
        />
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <NumberInput label={t('cal.duration')} min={5} max={1440} step={15} value={duration} onChange={(v) => setDuration(Number(v) || 0)} data-testid="suggest-duration" />
          <TextInput type="date" label={t('cal.windowFrom')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="suggest-from" />
          <TextInput type="date" label={t('cal.windowTo')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="suggest-to" />
          <Select label={t('cal.timezone')} data={zones} value={timeZone} onChange={(v) => v && setTimeZone(v)} searchable allowDeselect={false} limit={100} data-testid="suggest-timezone" />
          <TextInput type="time" label={t('cal.workingStart')} value={workingStart} onChange={(e) => setWorkingStart(e.currentTarget.value)} data-testid="suggest-working-start" />
          <TextInput type="time" label={t('cal.workingEnd')} value={workingEnd} onChange={(e) => setWorkingEnd(e.currentTarget.value)} data-testid="suggest-working-end" />
          <Switch mt={28} label={t('cal.weekends')} checked={weekends} onChange={(e) => setWeekends(e.currentTarget.checked)} data-testid="suggest-weekends" />
          <Button mt={22} onClick={() => suggest.mutate()} loading={suggest.isPending} disabled={!canAsk} data-testid="suggest-run">
            {t('cal.findSlots')}
          </Button>
        </SimpleGrid>
        {suggest.error && (
          <Text c="red" size="sm" data-testid="suggest-error">
            {suggest.error.message}
          </Text>
        )}
        {suggest.data && suggest.data.slots.length === 0 && (
          <Text c="dimmed" size="sm" data-testid="suggest-empty">
            {t('cal.noSlots')}
          </Text>
        )}
        {suggest.data && suggest.data.slots.length > 0 && (
          <Table highlightOnHover data-testid="suggest-slots">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('cal.slot')}</Table.Th>
                <Table.Th>{t('cal.score')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {suggest.data.slots.map((slot, index) => (
                <Table.Tr key={slot.starts_at}>
                  <Table.Td>
                    <Badge variant={index === 0 ? 'filled' : 'light'} circle>
                      {index + 1}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <UnstyledButton onClick={() => onPick({ start: new Date(slot.starts_at), end: new Date(slot.ends_at), agentIds, timeZone })}>
                      <Text size="sm" fw={500}>
                        {fmt(slot.starts_at, { weekday: 'short', dateStyle: undefined, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} –{' '}
                        {fmt(slot.ends_at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {timeZone}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td w={180}>
                    <Group gap={6} wrap="nowrap">
                      <Progress value={slot.score * 100} w={100} />
                      <Text size="xs">{slot.score.toFixed(2)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => onPick({ start: new Date(slot.starts_at), end: new Date(slot.ends_at), agentIds, timeZone })} data-testid="suggest-pick">
                      {t('cal.useSlot')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Panel>
  );
}
