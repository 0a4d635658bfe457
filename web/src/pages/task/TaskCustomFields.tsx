import { Alert, Button, Checkbox, Group, NumberInput, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas, type Task } from '../../api/client';
import { CreateFormModal } from '../../components/CreateFormModal';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { fromDraft, toDraft } from '../../lib/customFields';
import { useI18n } from '../../lib/i18n';
import { useTaskPatch } from './useTaskPatch';

type Field = Schemas['CustomFieldDto'];
const TYPES: Field['type'][] = ['text', 'number', 'boolean', 'date', 'url', 'enum', 'json'];

function FieldInput({ field, draft, onChange, error }: { field: Field; draft: unknown; onChange(value: unknown): void; error?: string }) {
  const { t } = useI18n();
  const common = { label: field.label, description: field.description ?? undefined, required: field.required, error, 'data-testid': `field-${field.key}` };
  switch (field.type) {
    case 'boolean':
      return <Switch {...common} checked={draft === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'number':
      return <NumberInput {...common} value={draft as number | string} onChange={onChange} />;
    case 'enum':
      return (
        <Select {...common} data={field.options} value={(draft as string) || null} onChange={(value) => onChange(value ?? '')} clearable placeholder={t('drawer.choose')} comboboxProps={{ withinPortal: true }} />
      );
    case 'json':
      return <Textarea {...common} value={draft as string} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={2} ff="monospace" />;
    case 'date':
      return <TextInput {...common} type="date" value={draft as string} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={draft as string} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} value={draft as string} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

function NewFieldModal({ task, opened, onClose }: { task: Task; opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [type, setType] = useState<Field['type']>('text');
  const [options, setOptions] = useState<string[]>([]);
  const [boardOnly, setBoardOnly] = useState(true);
  const derivedKey = key || label.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/task-custom-fields', {
          body: { organization_id: task.organization_id, board_id: boardOnly ? task.board_id : undefined, key: derivedKey, label: label.trim(), type, options: type === 'enum' ? options : undefined },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['custom-fields', task.board_id] });
      setLabel('');
      setKey('');
      setOptions([]);
      onClose();
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      title={t('drawer.newField')}
      error={create.error}
      pending={create.isPending}
      canSubmit={!!label.trim() && !!derivedKey && (type !== 'enum' || options.length > 0)}
      onSubmit={() => create.mutate()}
      submitTestId="field-create"
    >
      <TextInput label={t('drawer.fieldLabel')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} required data-autofocus data-testid="field-label" />
      <TextInput label={t('drawer.fieldKey')} description={t('drawer.fieldKeyHint')} placeholder={derivedKey} value={key} onChange={(e) => setKey(e.currentTarget.value)} data-testid="field-key" />
      <Select
        label={t('drawer.fieldType')}
        data={TYPES.map((value) => ({ value, label: t(`drawer.type.${value}`) }))}
        value={type}
        onChange={(value) => value && setType(value as Field['type'])}
        allowDeselect={false}
        data-testid="field-type"
      />
      {type === 'enum' && <TagsInput label={t('drawer.fieldOptions')} description={t('drawer.fieldOptionsHint')} value={options} onChange={setOptions} data-testid="field-options" />}
      <Checkbox label={t('drawer.fieldBoardOnly')} checked={boardOnly} onChange={(e) => setBoardOnly(e.currentTarget.checked)} data-testid="field-board-only" />
    </CreateFormModal>
  );
}

/** The custom fields this board's tasks carry (its own and the organisation's), with this task's values. */
export function TaskCustomFields({ task, saved }: { task: Task; saved(task: Task): void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [drafts, setDrafts] = useState<Record<string, unknown>>({});
  const [invalid, setInvalid] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const patch = useTaskPatch(task.id, saved);
  const query = useQuery({
    queryKey: ['custom-fields', task.board_id, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/task-custom-fields', { params: { query: { board_id: task.board_id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'asc' } } })),
    placeholderData: keepPreviousData,
  });
  const fields = query.data?.items ?? [];
  const draftOf = (field: Field) => (field.key in drafts ? drafts[field.key] : toDraft(field, task.custom_fields[field.key]));
  const changed = fields.filter((field) => field.key in drafts && drafts[field.key] !== toDraft(field, task.custom_fields[field.key]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values: Record<string, unknown> = {};
    const bad: string[] = [];
    for (const field of changed) {
      const parsed = fromDraft(field, drafts[field.key]);
      if ('invalid' in parsed) bad.push(field.key);
      else values[field.key] = parsed.value;
    }
    setInvalid(bad);
    if (bad.length === 0) patch.mutate({ custom_fields: values }, { onSuccess: () => setDrafts({}) });
  };
  return (
    <Stack gap="sm">
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() =>
          query.data!.total === 0 ? (
            <Text size="sm" c="dimmed" data-testid="fields-empty">
              {t('drawer.noFields')}
            </Text>
          ) : (
            <form onSubmit={submit}>
              <Stack gap="sm">
                {fields.map((field) => (
                  <FieldInput
                    key={field.id}
                    field={field}
                    draft={draftOf(field)}
                    onChange={(value) => setDrafts((all) => ({ ...all, [field.key]: value }))}
                    error={invalid.includes(field.key) ? t('drawer.invalidJson') : undefined}
                  />
                ))}
                <Pager page={page} total={query.data!.total} onChange={setPage} />
                {patch.error && (
                  <Alert color="red" data-testid="fields-error">
                    {patch.error.message}
                  </Alert>
                )}
                <Group justify="flex-end">
                  <Button type="submit" loading={patch.isPending} disabled={changed.length === 0} data-testid="fields-save">
                    {t('drawer.save')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )
        }
      </QueryState>
      <Group>
        <Button variant="default" size="xs" onClick={() => setCreating(true)} data-testid="field-new">
          {t('drawer.newField')}
        </Button>
      </Group>
      <NewFieldModal task={task} opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
