import { Alert, Badge, Button, Code, Group, Modal, SegmentedControl, Stack, Switch, Table, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../api/client';
import { ModalFooter } from '../components/ModalFooter';
import { NameCell } from '../components/NameCell';
import { NoOrganization } from '../components/NoOrganization';
import { PagedTable } from '../components/PagedTable';
import { RowActions } from '../components/RowActions';
import { useI18n } from '../lib/i18n';
import type { Rule } from '../lib/ruleDraft';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { RuleEditor } from './RuleEditor';
import { PageHeading } from '../components/PageHeading';

type Filter = 'all' | 'own' | 'builtin';
const FILTERS: Filter[] = ['all', 'own', 'builtin'];
const NOWRAP = { whiteSpace: 'nowrap' } as const;

function TriggerCell({ rule }: { rule: Rule }) {
  const { trigger } = rule;
  return (
    <Table.Td>
      <Code>{trigger.type === 'event' ? trigger.event : trigger.cron}</Code>
      {trigger.type === 'schedule' && (
        <Text size="xs" c="dimmed">
          {trigger.timezone ?? 'UTC'}
        </Text>
      )}
    </Table.Td>
  );
}

function ConditionsCell({ rule }: { rule: Rule }) {
  const { t } = useI18n();
  if (rule.conditions.length === 0)
    return (
      <Table.Td>
        <Text size="sm" c="dimmed">
          {t('rules.noConditions')}
        </Text>
      </Table.Td>
    );
  const [first] = rule.conditions;
  return (
    <Table.Td>
      <Text size="xs" ff="monospace" lineClamp={2} miw={150} style={{ overflowWrap: 'anywhere' }}>
        {first.field} {t(`rules.op.${first.op}`)} {JSON.stringify(first.value)}
      </Text>
      {rule.conditions.length > 1 && (
        <Text size="xs" c="dimmed">
          {t('rules.conditionCount', { count: rule.conditions.length })}
        </Text>
      )}
    </Table.Td>
  );
}

/** Asks before a rule is deleted, and says what stays. */
function DeleteRuleModal({ rule, onClose, onDeleted }: { rule: Rule | null; onClose(): void; onDeleted(message: string): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/api/v1/proactive-rules/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      onDeleted(t('rules.deleted', { name: rule!.name }));
      close();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['rules'] }),
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={rule !== null} onClose={close} title={<Text fw={600}>{rule ? t('rules.deleteTitle', { name: rule.name }) : ''}</Text>} data-testid="rule-delete-modal">
      <Stack>
        <Text size="sm">{t('rules.deleteBody')}</Text>
        <ModalFooter error={remove.error} errorTestId="rule-delete-error" onCancel={close}>
          <Button color="red" loading={remove.isPending} onClick={() => rule && remove.mutate(rule.id)} data-testid="rule-delete-confirm">
            {t('rules.deleteConfirm')}
          </Button>
        </ModalFooter>
      </Stack>
    </Modal>
  );
}

function ToggleSwitch({ rule, onToggled }: { rule: Rule; onToggled(message: string, failed?: boolean): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/proactive-rules/{id}/toggle', { params: { path: { id: rule.id } } })),
    onSuccess: (toggled) => onToggled(t(toggled.enabled ? 'rules.toggled.on' : 'rules.toggled.off', { name: toggled.name })),
    onError: (error) => onToggled(error.message, true),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['rules'] }),
  });
  return <Switch checked={toggle.isPending ? !rule.enabled : rule.enabled} disabled={toggle.isPending} onChange={() => toggle.mutate()} aria-label={t('rules.enabled')} data-testid="rule-toggle" />;
}

export default function RulesPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((value) => value === params.get('filter')) ?? 'all';
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const editId = params.get('edit');
  const update = (changes: { filter?: Filter; page?: number; edit?: string | null }) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (changes.filter !== undefined) (changes.filter === 'all' ? next.delete('filter') : next.set('filter', changes.filter));
        if (changes.page !== undefined) (changes.page === 1 ? next.delete('page') : next.set('page', String(changes.page)));
        if (changes.edit !== undefined) (changes.edit === null ? next.delete('edit') : next.set('edit', changes.edit));
        return next;
      },
      { replace: true },
    );
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [notice, setNotice] = useState<{ message: string; failed?: boolean } | null>(null);
  const query = useQuery({
    queryKey: ['rules', organizationId, filter, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/proactive-rules', {
          params: {
            query: { organization_id: organizationId!, ...(filter === 'all' ? {} : { builtin: filter === 'builtin' }), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'desc' },
          },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
  });
  // the rule in the address (?edit=, e.g. from a suggestion) opens in the editor even when it is on another page
  const editing = useQuery({
    queryKey: ['rules', 'one', editId],
    queryFn: async () => unwrap(await api.GET('/api/v1/proactive-rules/{id}', { params: { path: { id: editId! } } })),
    enabled: editId !== null,
  });
  const editorRule = editId ? (editing.data ?? null) : null;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PageHeading title={t('rules.title')} subtitle={t('rules.subtitle')} />
        {organizationId && (
          <Button onClick={() => setCreating(true)} data-testid="rules-new" style={{ flexShrink: 0 }}>
            {t('rules.new')}
          </Button>
        )}
      </Group>
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <>
          <SegmentedControl
            style={{ alignSelf: 'flex-start' }}
            value={filter}
            onChange={(value) => update({ filter: value as Filter, page: 1 })}
            data={FILTERS.map((value) => ({ value, label: <span data-testid={`rules-filter-${value}`}>{t(`rules.filter.${value}`)}</span> }))}
          />
          {notice && (
            <Alert color={notice.failed ? 'red' : 'green'} withCloseButton onClose={() => setNotice(null)} data-testid="rules-notice">
              {notice.message}
            </Alert>
          )}
          {editing.error && <Alert color="red">{editing.error.message}</Alert>}
          <PagedTable
            query={query}
            page={page}
            onPageChange={(next) => update({ page: next })}
            empty={filter === 'builtin' ? t('rules.emptyFiltered') : t('rules.empty', { org: organization?.name ?? '' })}
            testId="rules-table"
            minWidth={960}
            verticalSpacing="sm"
            columns={[
              t('rules.name'),
              { label: t('rules.trigger'), style: NOWRAP },
              { label: t('rules.conditions'), style: NOWRAP },
              { label: t('rules.action'), style: NOWRAP },
              { label: t('rules.cooldown'), style: NOWRAP },
              { label: t('rules.enabled'), style: NOWRAP },
              { w: 170 },
            ]}
            row={(rule) => (
              <Table.Tr key={rule.id} data-testid="rule-row" data-rule-id={rule.id} data-enabled={rule.enabled} style={rule.enabled ? undefined : { opacity: 0.65 }}>
                <NameCell
                  name={rule.name}
                  description={rule.description}
                  badge={
                    rule.builtin && (
                      <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }} data-testid="rule-builtin">
                        {t('rules.builtin')}
                      </Badge>
                    )
                  }
                />
                <TriggerCell rule={rule} />
                <ConditionsCell rule={rule} />
                <Table.Td>
                  <Text size="sm" style={NOWRAP}>
                    {t(`action.${rule.action.type}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={NOWRAP}>
                    {rule.cooldown_minutes > 0 ? t('rules.minutes', { count: rule.cooldown_minutes }) : t('rules.noCooldown')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ToggleSwitch rule={rule} onToggled={(message, failed) => setNotice({ message, failed })} />
                </Table.Td>
                <RowActions remove={rule.builtin ? undefined : { label: t('rules.delete'), testId: 'rule-delete', onClick: () => setDeleting(rule), variant: 'light' }}>
                  <Button size="xs" variant="default" onClick={() => update({ edit: rule.id })} data-testid="rule-edit">
                    {t('rules.edit')}
                  </Button>
                </RowActions>
              </Table.Tr>
            )}
          />
          <RuleEditor
            organizationId={organizationId}
            rule={editorRule}
            opened={creating || editorRule !== null}
            onClose={() => (creating ? setCreating(false) : update({ edit: null }))}
            onSaved={(message) => setNotice({ message })}
          />
          <DeleteRuleModal rule={deleting} onClose={() => setDeleting(null)} onDeleted={(message) => setNotice({ message })} />
        </>
      )}
    </Stack>
  );
}
