import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { ConfirmModal } from '../components/ConfirmModal';
import { CreateFormModal } from '../components/CreateFormModal';
import { NoOrganization } from '../components/NoOrganization';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { SearchSelect } from '../components/SearchSelect';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { CapabilitySearch } from './teams/CapabilitySearch';
import { loadAgentOptions, TeamCard } from './teams/TeamCard';
import { PageHeading } from '../components/PageHeading';

type Team = Schemas['TeamDto'];
type TeamType = Team['team_type'];
const TEAM_TYPES: TeamType[] = ['custom', 'task_force', 'review_committee', 'specialist_pool'];
const TEAMS_PER_PAGE = 10;

function NewTeamModal({ organizationId, opened, onClose, onCreated }: { organizationId: string; opened: boolean; onClose(): void; onCreated(team: Team): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<TeamType>('custom');
  const [lead, setLead] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/agent-teams', {
          body: { organization_id: organizationId, name: name.trim(), team_type: type, ...(description.trim() ? { description: description.trim() } : {}), ...(lead ? { lead_agent_id: lead } : {}) },
        }),
      ),
    onSuccess: (team) => {
      onCreated(team);
      close();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['teams'] }),
  });
  const close = () => {
    setName('');
    setDescription('');
    setType('custom');
    setLead(null);
    create.reset();
    onClose();
  };
  return (
    <CreateFormModal
      opened={opened}
      onClose={close}
      title={t('teams.form.title')}
      error={create.error}
      pending={create.isPending}
      canSubmit={name.trim() !== ''}
      onSubmit={() => create.mutate()}
      submitTestId="team-create"
      errorTestId="team-create-error"
    >
      <TextInput label={t('teams.form.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} required maxLength={200} data-autofocus data-testid="team-name" />
      <Textarea label={t('teams.form.description')} value={description} onChange={(event) => setDescription(event.currentTarget.value)} autosize minRows={2} maxLength={2000} data-testid="team-description" />
      <Select
        label={t('teams.form.type')}
        data={TEAM_TYPES.map((value) => ({ value, label: t(`teams.type.${value}`) }))}
        value={type}
        onChange={(value) => value && setType(value as TeamType)}
        allowDeselect={false}
        data-testid="team-type-input"
      />
      <SearchSelect
        queryKey={['agents', organizationId]}
        load={loadAgentOptions(organizationId)}
        value={lead}
        onChange={setLead}
        label={t('teams.form.lead')}
        nothingFound={t('teams.noAgents')}
        clearable
        testId="team-lead-input"
      />
      <Text size="xs" c="dimmed" mt={-8}>
        {t('teams.form.leadHint')}
      </Text>
    </CreateFormModal>
  );
}

export default function TeamsPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const queryClient = useQueryClient();
  const [type, setType] = useState<TeamType | null>(null);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const [notice, setNotice] = useState<{ message: string; failed?: boolean } | null>(null);
  const teams = useQuery({
    queryKey: ['teams', organizationId, type, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/agent-teams', {
          params: { query: { organization_id: organizationId!, ...(type ? { team_type: type } : {}), sort: 'name', order: 'asc', limit: TEAMS_PER_PAGE, offset: (page - 1) * TEAMS_PER_PAGE } },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/api/v1/agent-teams/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setNotice({ message: t('teams.deleted', { name: deleting!.name }) });
      setDeleting(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['teams'] }),
  });
  const notify = (message: string, failed?: boolean) => setNotice({ message, failed });
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <PageHeading title={t('teams.title')} subtitle={t('teams.subtitle')} />
        {organizationId && (
          <Button onClick={() => setCreating(true)} data-testid="teams-new" style={{ flexShrink: 0 }}>
            {t('teams.new')}
          </Button>
        )}
      </Group>
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <>
          <Select
            data={TEAM_TYPES.map((value) => ({ value, label: t(`teams.type.${value}`) }))}
            value={type}
            onChange={(value) => {
              setType(value as TeamType | null);
              setPage(1);
            }}
            placeholder={t('teams.filter.all')}
            aria-label={t('teams.form.type')}
            clearable
            w={220}
            data-testid="teams-type-filter"
          />
          {notice && (
            <Alert color={notice.failed ? 'red' : 'green'} withCloseButton onClose={() => setNotice(null)} data-testid="teams-notice">
              {notice.message}
            </Alert>
          )}
          <QueryState isPending={teams.isPending} error={teams.error} retry={() => void teams.refetch()}>
            {() =>
              teams.data!.total === 0 ? (
                <Text c="dimmed" data-testid="empty-state">
                  {type ? t('teams.emptyFiltered') : t('teams.empty', { org: organization?.name ?? '' })}
                </Text>
              ) : (
                <div>
                  <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="teams-list">
                    {teams.data!.items.map((team) => (
                      <TeamCard key={team.id} team={team} onNotice={notify} onDelete={setDeleting} />
                    ))}
                  </SimpleGrid>
                  <Pager page={page} total={teams.data!.total} onChange={setPage} pageSize={TEAMS_PER_PAGE} testId="teams-pager" />
                </div>
              )
            }
          </QueryState>
          <CapabilitySearch organizationId={organizationId} teams={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))} />
          <NewTeamModal organizationId={organizationId} opened={creating} onClose={() => setCreating(false)} onCreated={(team) => notify(t('teams.created', { name: team.name }))} />
          <ConfirmModal
            opened={deleting !== null}
            onClose={() => {
              remove.reset();
              setDeleting(null);
            }}
            title={deleting ? t('teams.deleteTitle', { name: deleting.name }) : ''}
            message={t('teams.deleteBody')}
            confirmLabel={t('teams.delete')}
            error={remove.error}
            pending={remove.isPending}
            onConfirm={() => deleting && remove.mutate(deleting.id)}
            confirmTestId="team-delete-confirm"
          />
        </>
      )}
    </Stack>
  );
}
