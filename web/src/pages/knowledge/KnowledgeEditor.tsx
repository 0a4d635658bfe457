import { Center, Divider, Loader, Modal, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { BoardSelect } from '../../components/BoardSelect';
import { CreateFormModal } from '../../components/CreateFormModal';
import { useI18n } from '../../lib/i18n';
import { KnowledgeDocuments } from './KnowledgeDocuments';

type Entry = Schemas['KnowledgeEntryDto'];

export const knowledgeEntryQuery = (id: string | null) => ({
  queryKey: ['knowledge', 'one', id],
  queryFn: async () => unwrap(await api.GET('/api/v1/knowledge/{id}', { params: { path: { id: id! } } })),
  enabled: id !== null,
});

function EmbeddingState({ entry }: { entry: Entry }) {
  const { t } = useI18n();
  const state = !entry.embedding ? 'knowledge.editor.embeddingNone' : entry.embedding.current ? 'knowledge.editor.embeddingCurrent' : 'knowledge.editor.embeddingPending';
  return (
    <Text size="xs" c="dimmed" data-testid="knowledge-embedding">
      {t('knowledge.editor.embedding', { state: t(state) })}
    </Text>
  );
}

function EditorForm(props: { organizationId: string; entry: Entry | null; onClose(): void; onSaved(entry: Entry, created: boolean): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { entry } = props;
  const [title, setTitle] = useState(entry?.title ?? '');
  const [content, setContent] = useState(entry?.content ?? '');
  const [category, setCategory] = useState(entry?.category ?? '');
  const [tags, setTags] = useState<string[]>(entry?.tags ?? []);
  const [boardId, setBoardId] = useState<string | null>(entry?.board_id ?? null);
  const [pinned, setPinned] = useState(entry?.pinned ?? false);
  const save = useMutation({
    mutationFn: async () => {
      const fields = { title: title.trim(), content, tags, pinned };
      if (entry)
        return unwrap(
          await api.PATCH('/api/v1/knowledge/{id}', {
            params: { path: { id: entry.id } },
            body: { ...fields, category: category.trim() || null, board_id: boardId },
          }),
        );
      return unwrap(
        await api.POST('/api/v1/knowledge', {
          body: { ...fields, organization_id: props.organizationId, ...(category.trim() ? { category: category.trim() } : {}), ...(boardId ? { board_id: boardId } : {}) },
        }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['knowledge', 'one', saved.id], saved);
      props.onSaved(saved, entry === null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['knowledge'] }),
  });
  return (
    <CreateFormModal
      opened
      onClose={props.onClose}
      title={entry ? t('knowledge.editor.edit', { title: entry.title }) : t('knowledge.editor.create')}
      error={save.error}
      pending={save.isPending}
      canSubmit={title.trim() !== ''}
      onSubmit={() => save.mutate()}
      submitTestId="knowledge-save"
      submitLabel={entry ? t('knowledge.editor.save') : undefined}
      errorTestId="knowledge-save-error"
      size="lg"
    >
      <TextInput label={t('knowledge.editor.title')} value={title} onChange={(event) => setTitle(event.currentTarget.value)} required maxLength={300} data-autofocus data-testid="knowledge-title" />
      <Textarea label={t('knowledge.editor.content')} value={content} onChange={(event) => setContent(event.currentTarget.value)} autosize minRows={4} maxRows={12} data-testid="knowledge-content" />
      <TextInput
        label={t('knowledge.editor.category')}
        description={t('knowledge.editor.categoryHint')}
        value={category}
        onChange={(event) => setCategory(event.currentTarget.value)}
        maxLength={100}
        data-testid="knowledge-category-input"
      />
      <TagsInput label={t('knowledge.editor.tags')} description={t('knowledge.editor.tagsHint')} value={tags} onChange={setTags} maxTags={20} clearable data-testid="knowledge-tags" />
      <BoardSelect organizationId={props.organizationId} value={boardId} onChange={setBoardId} label={t('knowledge.editor.board')} placeholder={t('knowledge.editor.noBoard')} testId="knowledge-board-input" />
      <Switch label={t('knowledge.pinned')} checked={pinned} onChange={(event) => setPinned(event.currentTarget.checked)} data-testid="knowledge-pinned-input" />
      {entry ? (
        <>
          <EmbeddingState entry={entry} />
          <Divider />
          <KnowledgeDocuments entry={entry} />
        </>
      ) : (
        <Text size="xs" c="dimmed">
          {t('knowledge.docs.saveFirst')}
        </Text>
      )}
    </CreateFormModal>
  );
}

/** Creates an entry (then stays open on it, for its documents) or edits one with its documents. */
export function KnowledgeEditor(props: { organizationId: string; entryId: string | null; opened: boolean; onClose(): void; onSaved(entry: Entry, created: boolean): void }) {
  const entry = useQuery(knowledgeEntryQuery(props.opened ? props.entryId : null));
  if (!props.opened) return null;
  if (props.entryId && !entry.data)
    return (
      <Modal opened onClose={props.onClose} title=" ">
        {entry.error ? (
          <Text c="red">{entry.error.message}</Text>
        ) : (
          <Center p="xl">
            <Loader />
          </Center>
        )}
      </Modal>
    );
  return <EditorForm key={entry.data?.id ?? 'new'} organizationId={props.organizationId} entry={props.entryId ? entry.data! : null} onClose={props.onClose} onSaved={props.onSaved} />;
}
