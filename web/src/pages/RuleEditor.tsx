import { ActionIcon, Alert, Divider, Group, NumberInput, SegmentedControl, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { BoardSelect } from '../components/BoardSelect';
import { CreateFormModal } from '../components/CreateFormModal';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import {
  ACTION_PARAMS,
  ACTION_TYPES,
  bodyOf,
  CONDITION_OPS,
  draftOf,
  emptyDraft,
  errorsByInput,
  RULE_EVENTS,
  type ActionType,
  type ConditionOp,
  type ParamSpec,
  type Rule,
  type RuleDraft,
  type RuleEvent,
} from '../lib/ruleDraft';

// monospace for what is code (paths, JSON, ids, cron), not for the labels around it
const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

function ParamInput({ spec, value, error, onChange }: { spec: ParamSpec; value: string; error?: string; onChange(value: string): void }) {
  const { t } = useI18n();
  const common = {
    label: t(`rules.param.${spec.name}` as MessageKey),
    description: spec.hint ? t(spec.hint) : undefined,
    required: spec.required && !spec.emptyIsNull,
    error,
    'data-testid': `rule-param-${spec.name}`,
  };
  if (spec.kind === 'select')
    return (
      <Select
        {...common}
        data={spec.options!.values.map((v) => ({ value: v, label: spec.options!.labels ? t(`${spec.options!.labels}.${v}` as MessageKey) : v }))}
        value={value || null}
        onChange={(next) => onChange(next ?? '')}
        clearable={!spec.required}
      />
    );
  if (spec.kind === 'long' || spec.kind === 'json')
    return <Textarea {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={spec.kind === 'json' ? 2 : 2} maxRows={8} styles={spec.kind === 'json' ? MONO : undefined} />;
  return <TextInput {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} inputMode={spec.kind === 'number' ? 'decimal' : undefined} styles={spec.kind === 'id' ? MONO : undefined} />;
}

/** The events a rule may react to, grouped by what they concern (tasks, approvals, agents…). */
function useEventOptions() {
  const { t } = useI18n();
  const groups = new Map<string, RuleEvent[]>();
  for (const event of RULE_EVENTS) {
    const group = event.split('.')[0];
    groups.set(group, [...(groups.get(group) ?? []), event]);
  }
  return [...groups].map(([group, events]) => ({ group: t(`rules.group.${group}` as MessageKey), items: events.map((e) => ({ value: e, label: e })) }));
}

/**
 * Creates a rule, or edits one (`rule`): trigger, conditions, action with its params, cooldown. What the API refuses
 * is shown next to the input it is about. A built-in rule keeps its trigger, action and board.
 */
export function RuleEditor({ organizationId, rule, opened, onClose, onSaved }: { organizationId: string; rule: Rule | null; opened: boolean; onClose(): void; onSaved(message: string): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft);
  const [jsonErrors, setJsonErrors] = useState<string[]>([]);
  const eventOptions = useEventOptions();
  const fixed = rule?.builtin ?? false;
  useEffect(() => {
    if (!opened) return;
    setDraft(rule ? draftOf(rule) : emptyDraft());
    setJsonErrors([]);
    save.reset();
    // a fresh form each time it opens, not each time the rule is refetched
  }, [opened, rule?.id]);
  const save = useMutation({
    mutationFn: async (body: ReturnType<typeof bodyOf>['body']) => {
      if (!rule) return unwrap(await api.POST('/api/v1/proactive-rules', { body: { ...body, organization_id: organizationId } }));
      const { trigger, action, board_id, ...tunable } = body;
      return unwrap(await api.PATCH('/api/v1/proactive-rules/{id}', { params: { path: { id: rule.id } }, body: fixed ? tunable : { ...tunable, trigger, action, board_id } }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['rules'] });
      onSaved(t(rule ? 'rules.saved' : 'rules.created', { name: saved.name }));
      onClose();
    },
  });
  const set = (changes: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...changes }));
  const setParam = (name: string, value: string) => setDraft((d) => ({ ...d, params: { ...d.params, [name]: value } }));
  const setCondition = (index: number, changes: Partial<RuleDraft['conditions'][number]>) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c, i) => (i === index ? { ...c, ...changes } : c)) }));
  const submit = () => {
    const { body, invalidJson } = bodyOf(draft);
    setJsonErrors(invalidJson);
    if (invalidJson.length === 0) save.mutate(body);
  };
  const refusal = save.error instanceof ApiError ? errorsByInput(save.error.fields) : { byInput: {} as Record<string, string>, unplaced: [] as string[] };
  const errorOf = (input: string) => (jsonErrors.includes(input) ? t('rules.invalidJson') : refusal.byInput[input]);
  // the refusal's own sentence when no field carries it; otherwise the fields say it
  const formError = save.error
    ? new Error(Object.keys(refusal.byInput).length > 0 ? [t('rules.refused'), ...refusal.unplaced].join(' ') : save.error.message)
    : null;
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      title={rule ? t('rules.editTitle', { name: rule.name }) : t('rules.createTitle')}
      error={formError}
      pending={save.isPending}
      canSubmit={draft.name.trim() !== ''}
      onSubmit={submit}
      submitTestId="rule-submit"
      submitLabel={rule ? t('rules.save') : t('common.create')}
      size="xl"
      errorTestId="rule-error"
    >
      {fixed && (
        <Alert color="blue" p="xs">
          <Text size="sm">{t('rules.builtinFixed')}</Text>
        </Alert>
      )}
      <Group align="flex-start" wrap="nowrap">
        <TextInput label={t('rules.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} required maxLength={200} error={errorOf('name')} style={{ flex: 1 }} data-autofocus data-testid="rule-name" />
        <fieldset disabled={fixed} style={{ border: 0, padding: 0, margin: 0 }}>
          <BoardSelect organizationId={organizationId} value={draft.boardId} onChange={(boardId) => set({ boardId })} label={t('rules.board')} placeholder={t('rules.anyBoard')} testId="rule-board" />
        </fieldset>
      </Group>
      <Textarea label={t('common.description')} value={draft.description} onChange={(e) => set({ description: e.currentTarget.value })} autosize minRows={1} maxLength={2000} error={errorOf('description')} data-testid="rule-description" />
      <Divider label={t('rules.trigger')} labelPosition="left" />
      <Group align="flex-start" grow>
        <Stack gap={4} style={{ flexGrow: 0 }}>
          <Text size="sm" fw={500}>
            {t('rules.triggerType')}
          </Text>
          <SegmentedControl
            value={draft.triggerType}
            onChange={(value) => set({ triggerType: value as RuleDraft['triggerType'] })}
            disabled={fixed}
            data={[
              { value: 'event', label: <span data-testid="rule-trigger-event">{t('rules.trigger.event')}</span> },
              { value: 'schedule', label: <span data-testid="rule-trigger-schedule">{t('rules.trigger.schedule')}</span> },
            ]}
          />
        </Stack>
        {draft.triggerType === 'event' ? (
          <Select
            label={t('rules.event')}
            placeholder={t('rules.eventPick')}
            data={eventOptions}
            value={draft.event}
            onChange={(event) => set({ event: event as RuleEvent | null })}
            searchable
            disabled={fixed}
            required
            error={errorOf('trigger.event')}
            data-testid="rule-event"
          />
        ) : (
          <Group grow align="flex-start">
            <TextInput label={t('rules.cron')} description={t('rules.cronHint')} value={draft.cron} onChange={(e) => set({ cron: e.currentTarget.value })} disabled={fixed} required styles={MONO} error={errorOf('trigger.cron')} data-testid="rule-cron" />
            <TextInput label={t('rules.timezone')} description={t('rules.timezoneHint')} value={draft.timezone} onChange={(e) => set({ timezone: e.currentTarget.value })} disabled={fixed} placeholder="UTC" error={errorOf('trigger.timezone')} data-testid="rule-timezone" />
          </Group>
        )}
      </Group>
      <Divider label={t('rules.conditions')} labelPosition="left" />
      <Text size="xs" c="dimmed" mt={-8}>
        {t('rules.conditionsHint')}
      </Text>
      {draft.conditions.map((condition, index) => (
        <Group key={index} align="flex-start" wrap="nowrap" data-testid="rule-condition">
          <TextInput
            aria-label={t('rules.conditionField')}
            placeholder="task.priority"
            value={condition.field}
            onChange={(e) => setCondition(index, { field: e.currentTarget.value })}
            error={errorOf(`conditions.${index}.field`)}
            styles={MONO}
            style={{ flex: 2 }}
            data-testid="rule-condition-field"
          />
          <Select
            aria-label={t('rules.conditionOp')}
            data={CONDITION_OPS.map((op) => ({ value: op, label: t(`rules.op.${op}`) }))}
            value={condition.op}
            onChange={(op) => op && setCondition(index, { op: op as ConditionOp })}
            allowDeselect={false}
            error={errorOf(`conditions.${index}.op`)}
            style={{ flex: 1 }}
            data-testid="rule-condition-op"
          />
          <TextInput
            aria-label={t('rules.conditionValue')}
            placeholder="urgent"
            value={condition.value}
            onChange={(e) => setCondition(index, { value: e.currentTarget.value })}
            error={errorOf(`conditions.${index}.value`)}
            style={{ flex: 2 }}
            data-testid="rule-condition-value"
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t('rules.removeCondition')}
            title={t('rules.removeCondition')}
            onClick={() => set({ conditions: draft.conditions.filter((_, i) => i !== index) })}
            data-testid="rule-condition-remove"
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Text
          component="button"
          type="button"
          size="sm"
          c="blue"
          style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
          onClick={() => set({ conditions: [...draft.conditions, { field: '', op: 'eq', value: '' }] })}
          disabled={draft.conditions.length >= 20}
          data-testid="rule-condition-add"
        >
          + {t('rules.addCondition')}
        </Text>
      </Group>
      <Divider label={t('rules.action')} labelPosition="left" />
      <Select
        label={t('rules.actionType')}
        data={ACTION_TYPES.map((type) => ({ value: type, label: t(`action.${type}`) }))}
        value={draft.actionType}
        onChange={(type) => type && set({ actionType: type as ActionType, params: {} })}
        allowDeselect={false}
        disabled={fixed}
        error={errorOf('action.type')}
        data-testid="rule-action-type"
      />
      <Text size="xs" c="dimmed" mt={-8}>
        {t('rules.templateHint')}
      </Text>
      <fieldset disabled={fixed} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="sm">
          {ACTION_PARAMS[draft.actionType].map((spec) => (
            <ParamInput key={`${draft.actionType}.${spec.name}`} spec={spec} value={draft.params[spec.name] ?? ''} error={errorOf(`action.params.${spec.name}`)} onChange={(value) => setParam(spec.name, value)} />
          ))}
        </Stack>
      </fieldset>
      <Divider />
      <Group align="flex-end">
        <NumberInput
          label={t('rules.cooldownLabel')}
          description={t('rules.cooldownHint')}
          value={draft.cooldown}
          onChange={(cooldown) => set({ cooldown })}
          min={0}
          max={525_600}
          allowDecimal={false}
          error={errorOf('cooldown_minutes')}
          style={{ flex: 1 }}
          data-testid="rule-cooldown"
        />
        <Switch label={t('rules.enabledLabel')} checked={draft.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} mb={8} data-testid="rule-enabled" />
      </Group>
    </CreateFormModal>
  );
}
