import { Badge, Button, Group, Stack, Table, Textarea, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap } from '../api/client';
import { CreateFormModal } from '../components/CreateFormModal';
import { NameCell } from '../components/NameCell';
import { PagedTable } from '../components/PagedTable';
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
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      title={t('orgs.new')}
      error={create.error}
      pending={create.isPending}
      canSubmit={!!name.trim()}
      onSubmit={() => create.mutate()}
      submitTestId="organization-create"
    >
      <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} data-autofocus data-testid="organization-name" />
      <Textarea label={t('common.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} />
    </CreateFormModal>
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
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        empty={t('orgs.empty')}
        testId="organizations-table"
        highlightOnHover
        columns={[t('common.name'), t('orgs.slug'), t('common.created'), {}]}
        row={(organization) => (
          <Table.Tr key={organization.id}>
            <NameCell name={organization.name} description={organization.description} />
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
        )}
      />
    </Stack>
  );
}
