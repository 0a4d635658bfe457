import { Alert, Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../api/client';
import { BoardName } from '../components/BoardName';
import { BoardSelect } from '../components/BoardSelect';
import { ConfirmModal } from '../components/ConfirmModal';
import { NoOrganization } from '../components/NoOrganization';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { KnowledgeEditor } from './knowledge/KnowledgeEditor';
import { Snippet } from './knowledge/Snippet';
import { PageHeading } from '../components/PageHeading';

type Entry = Schemas['KnowledgeEntryDto'];
type Mode = 'keyword' | 'semantic' | 'hybrid';
const MODES: Mode[] = ['keyword', 'semantic', 'hybrid'];
const SEARCH_LIMIT = 50;

function PinButton({ id, title, pinned, onDone }: { id: string; title: string; pinned: boolean; onDone(message: string, failed?: boolean): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const pin = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/knowledge/{id}/pin', { params: { path: { id } }, body: { pinned: !pinned } })),
    onSuccess: (entry) => onDone(t(entry.pinned ? 'knowledge.pinnedNotice' : 'knowledge.unpinnedNotice', { title })),
    onError: (error) => onDone(error.message, true),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['knowledge'] }),
  });
  return (
    <Button size="xs" variant={pinned ? 'light' : 'default'} color={pinned ? 'yellow' : undefined} loading={pin.isPending} onClick={() => pin.mutate()} data-testid="knowledge-pin" data-pinned={pinned}>
      {pinned ? t('knowledge.unpin') : t('knowledge.pin')}
    </Button>
  );
}

function EntryBadges({ pinned, category }: { pinned: boolean; category: string | null }) {
  const { t } = useI18n();
  return (
    <>
      {pinned && (
        <Badge size="xs" color="yellow" variant="light" style={{ flexShrink: 0 }} data-testid="knowledge-pinned">
          {t('knowledge.pinned')}
        </Badge>
      )}
      {category && (
        <Badge size="sm" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }}>
          {category}
        </Badge>
      )}
    </>
  );
}

function BrowseTable({ entries, onEdit, onDelete, onNotice }: { entries: Entry[]; onEdit(entry: Entry): void; onDelete(entry: Entry): void; onNotice(message: string, failed?: boolean): void }) {
  const { t, language } = useI18n();
  const format = useFormat();
  const updated = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="sm" data-testid="knowledge-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('knowledge.entry')}</Table.Th>
            <Table.Th>{t('knowledge.tags')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('knowledge.documents')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('knowledge.updated')}</Table.Th>
            <Table.Th w={230} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id} data-testid="knowledge-row" data-entry-id={entry.id} data-pinned={entry.pinned}>
              <Table.Td maw={480}>
                <Group gap="xs" wrap="nowrap">
                  <Text fw={500} truncate="end">
                    {entry.title}
                  </Text>
                  <EntryBadges pinned={entry.pinned} category={entry.category} />
                </Group>
                <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                  {entry.content}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`knowledge.source.${entry.source}`)}
                  {entry.board_id && (
                    <>
                      {' · '}
                      <BoardName boardId={entry.board_id} />
                    </>
                  )}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} maw={220}>
                  {entry.tags.map((tag) => (
                    <Badge key={tag} size="sm" variant="light" color="gray" tt="none">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.documents.length}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {format.ago(entry.updated_at) ?? updated.format(new Date(entry.updated_at))}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <PinButton id={entry.id} title={entry.title} pinned={entry.pinned} onDone={onNotice} />
                  <Button size="xs" variant="default" onClick={() => onEdit(entry)} data-testid="knowledge-edit">
                    {t('knowledge.edit')}
                  </Button>
                  <Button size="xs" variant="light" color="red" onClick={() => onDelete(entry)} data-testid="knowledge-delete">
                    {t('knowledge.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function KnowledgePage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const [params, setParams] = useSearchParams();
  const mode = MODES.find((value) => value === params.get('mode')) ?? 'keyword';
  const boardId = params.get('board');
  const category = params.get('category') ?? '';
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) (value === null || value === '' ? next.delete(key) : next.set(key, value));
        return next;
      },
      { replace: true },
    );
  const [text, setText] = useState(params.get('q') ?? '');
  const [categoryText, setCategoryText] = useState(category);
  const [query] = useDebouncedValue(text.trim(), 300);
  const [categoryFilter] = useDebouncedValue(categoryText.trim(), 300);
  const [editor, setEditor] = useState<{ id: string | null } | null>(null);
  const [deleting, setDeleting] = useState<Entry | null>(null);
  const [notice, setNotice] = useState<{ message: string; failed?: boolean } | null>(null);
  const queryClient = useQueryClient();

  const filters = { ...(boardId ? { board_id: boardId } : {}), ...(categoryFilter ? { category: categoryFilter } : {}) };
  const browse = useQuery({
    queryKey: ['knowledge', 'list', organizationId, filters, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/knowledge', { params: { query: { organization_id: organizationId!, ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
    enabled: organizationId !== null && query === '',
    placeholderData: keepPreviousData,
  });
  const search = useQuery({
    queryKey: ['knowledge', 'search', organizationId, query, mode, filters],
    queryFn: async () =>
      unwrap(await api.POST('/api/v1/knowledge/search', { body: { organization_id: organizationId!, query, mode, limit: SEARCH_LIMIT, ...filters } })),
    enabled: organizationId !== null && query !== '',
    placeholderData: keepPreviousData,
  });
  // the API ranks pinned entries first only among equal scores; the page lists every pinned hit first
  const hits = [...(search.data?.items ?? [])].sort((a, b) => Number(b.pinned) - Number(a.pinned));
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/api/v1/knowledge/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setNotice({ message: t('knowledge.deleted', { title: deleting!.title }) });
      setDeleting(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['knowledge'] }),
  });
  const filtered = Boolean(boardId || categoryFilter);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PageHeading title={t('knowledge.title')} subtitle={t('knowledge.subtitle')} />
        {organizationId && (
          <Button onClick={() => setEditor({ id: null })} data-testid="knowledge-new" style={{ flexShrink: 0 }}>
            {t('knowledge.new')}
          </Button>
        )}
      </Group>
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <>
          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <TextInput
                value={text}
                onChange={(event) => {
                  setText(event.currentTarget.value);
                  update({ q: event.currentTarget.value.trim() || null, page: null });
                }}
                placeholder={t('knowledge.search')}
                aria-label={t('knowledge.search')}
                size="md"
                data-testid="knowledge-search"
              />
              <Group gap="sm" align="center" wrap="wrap">
                <SegmentedControl
                  value={mode}
                  onChange={(value) => update({ mode: value === 'keyword' ? null : value })}
                  data={MODES.map((value) => ({ value, label: <span data-testid={`knowledge-mode-${value}`}>{t(`knowledge.mode.${value}`)}</span> }))}
                />
                <BoardSelect organizationId={organizationId} value={boardId} onChange={(value) => update({ board: value, page: null })} placeholder={t('knowledge.board')} testId="knowledge-board" />
                <TextInput
                  value={categoryText}
                  onChange={(event) => {
                    setCategoryText(event.currentTarget.value);
                    update({ category: event.currentTarget.value.trim() || null, page: null });
                  }}
                  placeholder={t('knowledge.category')}
                  aria-label={t('knowledge.category')}
                  w={200}
                  data-testid="knowledge-category"
                />
              </Group>
              <Text size="xs" c="dimmed" data-testid="knowledge-mode-hint">
                {t(`knowledge.modeHint.${mode}`)}
              </Text>
            </Stack>
          </Card>
          {notice && (
            <Alert color={notice.failed ? 'red' : 'green'} withCloseButton onClose={() => setNotice(null)} data-testid="knowledge-notice">
              {notice.message}
            </Alert>
          )}
          {query !== '' ? (
            <QueryState isPending={search.isPending} error={search.error} retry={() => void search.refetch()}>
              {() =>
                hits.length === 0 ? (
                  <Text c="dimmed" data-testid="empty-state">
                    {t('knowledge.noResults', { query })}
                  </Text>
                ) : (
                  <Stack gap="sm" data-testid="knowledge-results" data-mode={search.data!.mode}>
                    <Text size="sm" c="dimmed">
                      {t('knowledge.results', { count: hits.length, query })}
                    </Text>
                    {hits.map((hit) => (
                      <Card key={hit.id} withBorder radius="md" padding="md" data-testid="knowledge-hit" data-entry-id={hit.id} data-pinned={hit.pinned}>
                        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
                          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                            <Group gap="xs" wrap="nowrap">
                              <Text fw={600} truncate="end">
                                {hit.title}
                              </Text>
                              <EntryBadges pinned={hit.pinned} category={hit.category} />
                            </Group>
                            <Snippet snippet={hit.snippet} />
                          </Stack>
                          <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
                            <Badge variant="light" data-testid="knowledge-score">
                              {t('knowledge.score', { score: hit.score.toFixed(2) })}
                            </Badge>
                            <Group gap="xs" wrap="nowrap">
                              <PinButton id={hit.id} title={hit.title} pinned={hit.pinned} onDone={(message, failed) => setNotice({ message, failed })} />
                              <Button size="xs" variant="default" onClick={() => setEditor({ id: hit.id })} data-testid="knowledge-hit-open">
                                {t('knowledge.edit')}
                              </Button>
                            </Group>
                          </Stack>
                        </Group>
                      </Card>
                    ))}
                  </Stack>
                )
              }
            </QueryState>
          ) : (
            <QueryState isPending={browse.isPending} error={browse.error} retry={() => void browse.refetch()}>
              {() =>
                browse.data!.total === 0 ? (
                  <Text c="dimmed" data-testid="empty-state">
                    {filtered ? t('knowledge.emptyFiltered') : t('knowledge.empty', { org: organization?.name ?? '' })}
                  </Text>
                ) : (
                  <>
                    <BrowseTable
                      entries={browse.data!.items}
                      onEdit={(entry) => setEditor({ id: entry.id })}
                      onDelete={setDeleting}
                      onNotice={(message, failed) => setNotice({ message, failed })}
                    />
                    <Pager page={page} total={browse.data!.total} onChange={(next) => update({ page: next === 1 ? null : String(next) })} />
                  </>
                )
              }
            </QueryState>
          )}
          <KnowledgeEditor
            organizationId={organizationId}
            entryId={editor?.id ?? null}
            opened={editor !== null}
            onClose={() => setEditor(null)}
            onSaved={(entry, created) => {
              setNotice({ message: t(created ? 'knowledge.editor.created' : 'knowledge.editor.saved', { title: entry.title }) });
              if (created) setEditor({ id: entry.id });
              else setEditor(null);
            }}
          />
          <ConfirmModal
            opened={deleting !== null}
            onClose={() => {
              remove.reset();
              setDeleting(null);
            }}
            title={deleting ? t('knowledge.deleteTitle', { title: deleting.title }) : ''}
            message={t('knowledge.deleteBody')}
            confirmLabel={t('knowledge.delete')}
            error={remove.error}
            pending={remove.isPending}
            onConfirm={() => deleting && remove.mutate(deleting.id)}
            confirmTestId="knowledge-delete-confirm"
          />
        </>
      )}
    </Stack>
  );
}
