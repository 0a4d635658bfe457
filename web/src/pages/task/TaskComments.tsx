import { Alert, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../lib/i18n';

export function TaskComments({ taskId }: { taskId: string }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [body, setBody] = useState('');
  const query = useQuery({
    queryKey: ['comments', taskId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{id}/comments', { params: { path: { id: taskId }, query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'asc' } } })),
    placeholderData: keepPreviousData,
  });
  const send = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/tasks/{id}/comments', { params: { path: { id: taskId } }, body: { body: body.trim() } })),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: ['comments', taskId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('task.comments')}</Text>
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() =>
          query.data!.total === 0 ? (
            <Text size="sm" c="dimmed">
              {t('task.noComments')}
            </Text>
          ) : (
            <>
              {query.data!.items.map((comment) => (
                <Paper key={comment.id} withBorder p="xs" data-testid="comment">
                  <Text size="xs" c="dimmed">
                    {t(`actor.${comment.author.type}`)} · {new Date(comment.created_at).toLocaleString(language === 'zh' ? 'zh-CN' : 'en')}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {comment.body}
                  </Text>
                </Paper>
              ))}
              <Pager page={page} total={query.data!.total} onChange={setPage} />
            </>
          )
        }
      </QueryState>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Textarea placeholder={t('task.comment')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} data-testid="comment-input" />
          {send.error && <Alert color="red">{send.error.message}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={send.isPending} disabled={!body.trim()} data-testid="comment-send">
              {t('task.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

