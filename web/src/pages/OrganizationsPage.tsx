import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, PAGE_SIZE, unwrap } from '../api/client';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import { useOrganization } from '../lib/organization';

function CreateOrganization({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { setOrganizationId } = useOrganization();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/organizations', { body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) } })),
    onSuccess: async (organization) => {
      await queryClient.invalidateQueries({ queryKey: ['organizations'] });
      setOrganizationId(organization.id);
      setName('');
      setDescription('');
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('orgs.new')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} data-autofocus data-testid="organization-name" />
          <Textarea label={t('common.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} />
          {create.error && <Alert color="red">{create.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="organization-create">
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function OrganizationsPage() {
  const { t, language } = useI18n();
  const { organizationId, setOrganizationId } = useOrganization();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const query = useQuery({
    queryKey: ['organizations', 'page', page],
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations', { params: { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'created_at', order: 'desc' } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('orgs.title')}</Title>
        <Button onClick={open} data-testid="new-organization">
          {t('orgs.new')}
        </Button>
      </Group>
      <CreateOrganization opened={opened} onClose={close} />
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() =>
          query.data!.total === 0 ? (
            <Text c="dimmed" data-testid="empty-state">
              {t('orgs.empty')}
            </Text>
          ) : (
            <>
              <Table striped highlightOnHover data-testid="organizations-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('common.name')}</Table.Th>
                    <Table.Th>{t('orgs.slug')}</Table.Th>
                    <Table.Th>{t('common.created')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {query.data!.items.map((organization) => (
                    <Table.Tr key={organization.id}>
                      <Table.Td>
                        <Text fw={500}>{organization.name}</Text>
                        {organization.description && (
                          <Text size="xs" c="dimmed">
                            {organization.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{organization.slug}</Table.Td>
                      <Table.Td>{new Date(organization.created_at).toLocaleString(language === 'zh' ? 'zh-CN' : 'en')}</Table.Td>
                      <Table.Td>
                        {organization.id === organizationId ? (
                          <Badge>{t('orgs.current')}</Badge>
                        ) : (
                          <Button size="xs" variant="light" onClick={() => setOrganizationId(organization.id)}>
                            {t('orgs.use')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Pager page={page} total={query.data!.total} onChange={setPage} />
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}
