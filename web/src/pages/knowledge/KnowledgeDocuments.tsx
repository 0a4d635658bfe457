import { Alert, Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatBytes } from '../../lib/bytes';
import { useI18n } from '../../lib/i18n';
import { uploadFile } from '../../lib/upload';

type Entry = Schemas['KnowledgeEntryDto'];
type KnowledgeDocument = Schemas['KnowledgeDocumentDto'];

const ACCEPT = '.txt,.text,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf';

/** An entry's documents: upload with a progress bar, the list, and removal after a question. */
export function KnowledgeDocuments({ entry }: { entry: Entry }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<KnowledgeDocument | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['knowledge'] });

  const upload = useMutation({
    mutationFn: (file: File) => {
      setNotice(null);
      setProgress({ name: file.name, fraction: 0 });
      return uploadFile<KnowledgeDocument>(`/api/v1/knowledge/${entry.id}/documents`, file, (fraction) => setProgress({ name: file.name, fraction }));
    },
    onSuccess: (document) => setNotice(t('knowledge.docs.uploaded', { name: document.filename, chars: document.extracted_chars })),
    onSettled: () => {
      setProgress(null);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/api/v1/knowledge/documents/{doc_id}', { params: { path: { doc_id: id } } })),
    onSuccess: () => setRemoving(null),
    onSettled: () => refresh(),
  });

  const uploadError = (error: Error) => {
    if (!(error instanceof ApiError)) return error.message;
    if (error.status === 0) return t('knowledge.docs.network');
    if (error.status === 413) return t('knowledge.docs.tooLarge', { reason: error.message });
    if (error.status === 415) return t('knowledge.docs.unsupported', { reason: error.message });
    if (error.status === 422) return t('knowledge.docs.unreadable', { reason: error.message });
    return error.message;
  };
  const percent = progress ? Math.round(progress.fraction * 100) : 0;

  return (
    <Stack gap="xs" data-testid="knowledge-documents">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={5}>{t('knowledge.docs.title')}</Title>
          <Text size="xs" c="dimmed">
            {t('knowledge.docs.hint')}
          </Text>
        </div>
        <Button size="xs" variant="light" loading={upload.isPending} onClick={() => input.current?.click()} data-testid="knowledge-upload" style={{ flexShrink: 0 }}>
          {t('knowledge.docs.upload')}
        </Button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          data-testid="knowledge-upload-input"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) upload.mutate(file);
          }}
        />
      </Group>
      {progress && (
        <Stack gap={4} data-testid="knowledge-upload-progress">
          <Text size="xs" c="dimmed">
            {percent < 100 ? t('knowledge.docs.uploading', { name: progress.name, percent }) : t('knowledge.docs.extracting', { name: progress.name })}
          </Text>
          <Progress value={percent} animated={percent >= 100} striped={percent >= 100} />
        </Stack>
      )}
      {upload.error && (
        <Alert color="red" withCloseButton onClose={() => upload.reset()} data-testid="knowledge-upload-error">
          {uploadError(upload.error)}
        </Alert>
      )}
      {notice && (
        <Alert color="green" withCloseButton onClose={() => setNotice(null)} data-testid="knowledge-upload-notice">
          {notice}
        </Alert>
      )}
      {entry.documents.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="knowledge-documents-empty">
          {t('knowledge.docs.empty')}
        </Text>
      ) : (
        entry.documents.map((document) => (
          <Group key={document.id} justify="space-between" wrap="nowrap" gap="sm" data-testid="knowledge-document">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate="end">
                {document.filename}
              </Text>
              <Text size="xs" c="dimmed">
                {t('knowledge.docs.meta', { size: formatBytes(document.size), chars: document.extracted_chars })}
              </Text>
            </div>
            <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(document)} data-testid="knowledge-document-delete" style={{ flexShrink: 0 }}>
              {t('knowledge.docs.delete')}
            </Button>
          </Group>
        ))
      )}
      <ConfirmModal
        opened={removing !== null}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
        title={removing ? t('knowledge.docs.deleteTitle', { name: removing.filename }) : ''}
        message={t('knowledge.docs.deleteBody')}
        confirmLabel={t('knowledge.docs.delete')}
        error={remove.error}
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        confirmTestId="knowledge-document-delete-confirm"
      />
    </Stack>
  );
}
