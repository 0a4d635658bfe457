import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap } from '../api/client';
import { CreateFormModal } from '../components/CreateFormModal';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';

function CreateBoard({ organizationId, opened, onClose }: { organizationId: string; opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [wipLimit, setWipLimit] = useState<number | string>('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/boards', {
          body: {
            organization_id: organizationId,
            name: name.trim(),
            description: description.trim() || null,
            wip_limit: typeof wipLimit === 'number' ? wipLimit : null,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['boards'] });
      setName('');
      setDescription('');
      setWipLimit('');
      onClose();
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      title={t('boards.new')}
      error={create.error}
      pending={create.isPending}
      canSubmit={!!name.trim()}
      onSubmit={() => create.mutate()}
      submitTestId="board-create"
    >
      <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} data-autofocus data-testid="board-name" />
      <Textarea label={t('common.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} />
      <NumberInput label={t('boards.wip')} value={wipLimit} onChange={setWipLimit} min={1} max={1000} allowDecimal={false} data-testid="board-wip" />
    </CreateFormModal>
  );
}

export default function BoardsPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const query = useQuery({
    queryKey: ['boards', organizationId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/boards', { params: { query: { organization_id: organizationId!, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'name', order: 'asc' } } })),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
  });
  if (!organizationId)
    return (
      <Stack>
        <Title order={2}>{t('boards.title')}</Title>
        <Text c="dimmed" data-testid="empty-state">
          {t('boards.noOrganization')}{' '}
          <Link to="/organizations">{t('nav.organizations')}</Link>
        </Text>
      </Stack>
    );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('boards.title')}</Title>
        <Button onClick={open} data-testid="new-board">
          {t('boards.new')}
        </Button>
      </Group>
      <CreateBoard organizationId={organizationId} opened={opened} onClose={close} />
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() =>
          query.data!.total === 0 ? (
            <Text c="dimmed" data-testid="empty-state">
              {t('boards.empty', { org: organization?.name ?? '' })}
            </Text>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {query.data!.items.map((board) => (
                  <Card key={board.id} withBorder component={Link} to={`/boards/${board.id}`} data-testid="board-card">
                    <Text fw={600}>{board.name}</Text>
                    {board.description && (
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {board.description}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" mt="xs">
                      {t('boards.wip')}: {board.wip_limit ?? t('boards.noLimit')}
                    </Text>
                  </Card>
                ))}
              </SimpleGrid>
              <Pager page={page} total={query.data!.total} onChange={setPage} />
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}
