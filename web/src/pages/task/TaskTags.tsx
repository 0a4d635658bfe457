import { Alert, Badge, CloseButton, ColorSwatch, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { api, unwrap, type Task } from '../../api/client';
import { SearchSelect } from '../../components/SearchSelect';
import { useI18n } from '../../lib/i18n';
import { useTaskRefresh } from './useTaskPatch';

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#9333ea', '#0891b2', '#6b7280'];

/** The task's tags from the organisation's catalogue: add, take off, or create a new one and add it. */
export function TaskTags({ task, saved }: { task: Task; saved(task: Task): void }) {
  const { t } = useI18n();
  const refresh = useTaskRefresh(task.id, saved);
  const [search, setSearch] = useState('');
  const [color, setColor] = useState(COLORS[0]);
  const name = search.trim();
  const change = useMutation({
    mutationFn: async (action: { add: string } | { remove: string } | { create: string }) => {
      if ('remove' in action) {
        unwrap(await api.DELETE('/api/v1/tags/{id}/tasks/{task_id}', { params: { path: { id: action.remove, task_id: task.id } } }));
      } else {
        const tagId =
          'add' in action ? action.add : unwrap(await api.POST('/api/v1/tags', { body: { organization_id: task.organization_id, name: action.create, color } })).id;
        unwrap(await api.POST('/api/v1/tags/{id}/tasks', { params: { path: { id: tagId } }, body: { task_id: task.id } }));
      }
      await refresh();
    },
    onSuccess: () => setSearch(''),
  });
  const taken = new Set(task.tags.map((tag) => tag.name.toLowerCase()));
  return (
    <Stack gap="sm">
      {task.tags.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="tags-empty">
          {t('drawer.noTags')}
        </Text>
      ) : (
        <Group gap="xs">
          {task.tags.map((tag) => (
            <Badge
              key={tag.id}
              color={tag.color}
              variant="light"
              size="lg"
              data-testid="task-tag"
              rightSection={<CloseButton size="xs" onClick={() => change.mutate({ remove: tag.id })} aria-label={t('drawer.remove')} data-testid={`tag-remove-${tag.name}`} />}
            >
              {tag.name}
            </Badge>
          ))}
        </Group>
      )}
      {name && !taken.has(name.toLowerCase()) && (
        <Group gap="xs" wrap="nowrap" data-testid="tag-colors">
          <Group gap={4} wrap="nowrap">
            {COLORS.map((swatch) => (
              <ColorSwatch
                key={swatch}
                component="button"
                type="button"
                color={swatch}
                size={18}
                // keeps the focus (and the typed name) in the search field
                onMouseDown={(e: MouseEvent) => e.preventDefault()}
                onClick={() => setColor(swatch)}
                aria-label={swatch}
                style={{ cursor: 'pointer', outline: swatch === color ? '2px solid var(--mantine-color-text)' : undefined, outlineOffset: 1 }}
              />
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            {t('drawer.newTagColor')}
          </Text>
        </Group>
      )}
      <SearchSelect
        queryKey={['tags', task.organization_id]}
        load={async (q) =>
          unwrap(await api.GET('/api/v1/tags', { params: { query: { organization_id: task.organization_id, q: q || undefined, limit: 20, sort: 'name', order: 'asc' } } })).items.map(
            (tag) => ({ value: tag.id, label: tag.name }),
          )
        }
        exclude={task.tags.map((tag) => tag.id)}
        onChange={(id) => id && change.mutate({ add: id })}
        onSearchChange={setSearch}
        create={{ label: (q) => t('drawer.createTag', { name: q }), onCreate: (q) => change.mutate({ create: q }) }}
        pickOnly
        placeholder={t('drawer.addTag')}
        nothingFound={t('drawer.noTagsFound')}
        disabled={change.isPending}
        testId="tag-search"
      />
      {change.error && (
        <Alert color="red" withCloseButton onClose={() => change.reset()} data-testid="tag-error">
          {change.error.message}
        </Alert>
      )}
    </Stack>
  );
}
