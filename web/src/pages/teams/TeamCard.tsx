import { ActionIcon, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../../api/client';
import { AgentStatusBadge } from '../../components/AgentStatusBadge';
import { SearchSelect } from '../../components/SearchSelect';
import { useI18n } from '../../lib/i18n';

type Team = Schemas['TeamDto'];
type Role = Schemas['TeamMemberDto']['role_in_team'];
export const TEAM_ROLES: Role[] = ['leader', 'specialist', 'member', 'reviewer'];
const ROLE_COLOR: Record<Role, string> = { leader: 'violet', specialist: 'teal', member: 'gray', reviewer: 'orange' };

/** Agents of an organisation for a picker, searched on the server as the user types. */
export const loadAgentOptions = (organizationId: string) => async (q: string) =>
  unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: organizationId, q: q || undefined, limit: PAGE_SIZE, sort: 'name', order: 'asc' } } })).items.map(
    (agent) => ({ value: agent.id, label: agent.name }),
  );

/** One team: type, lead, members with their roles, adding and removing members. */
export function TeamCard({ team, onNotice, onDelete }: { team: Team; onNotice(message: string, failed?: boolean): void; onDelete(team: Team): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>('member');
  const lead = team.members.find((member) => member.agent_id === team.lead_agent_id);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['teams'] });
  const add = useMutation({
    mutationFn: async (agentId: string) => unwrap(await api.POST('/api/v1/agent-teams/{id}/members', { params: { path: { id: team.id } }, body: { agent_id: agentId, role_in_team: role } })),
    onSuccess: (updated, agentId) => {
      const member = updated.members.find((m) => m.agent_id === agentId);
      onNotice(t('teams.added', { agent: member?.name ?? '', team: team.name, role: t(`teams.role.${role}`) }));
    },
    onError: (error) => onNotice(error.message, true),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: async (agentId: string) => unwrap(await api.DELETE('/api/v1/agent-teams/{id}/members/{agent_id}', { params: { path: { id: team.id, agent_id: agentId } } })),
    onSuccess: (_, agentId) => onNotice(t('teams.removed', { agent: team.members.find((m) => m.agent_id === agentId)?.name ?? '', team: team.name })),
    onError: (error) => onNotice(error.message, true),
    onSettled: refresh,
  });
  return (
    <Card withBorder radius="md" padding="lg" data-testid="team-card" data-team-id={team.id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="nowrap">
              <Title order={4} style={{ overflowWrap: 'anywhere' }}>
                {team.name}
              </Title>
              <Badge variant="light" style={{ flexShrink: 0 }} data-testid="team-type">
                {t(`teams.type.${team.team_type}`)}
              </Badge>
            </Group>
            {team.description && (
              <Text size="sm" c="dimmed">
                {team.description}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={4} data-testid="team-lead">
              {lead ? t('teams.lead', { name: lead.name }) : t('teams.noLead')} · {t('teams.members', { count: team.member_count })}
            </Text>
          </div>
          <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(team)} data-testid="team-delete" style={{ flexShrink: 0 }}>
            {t('teams.delete')}
          </Button>
        </Group>
        {team.members.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="team-no-members">
            {t('teams.noMembers')}
          </Text>
        ) : (
          <Stack gap={6}>
            {team.members.map((member) => (
              <Group key={member.agent_id} justify="space-between" wrap="nowrap" data-testid="team-member" data-agent-id={member.agent_id}>
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate="end">
                    {member.name}
                  </Text>
                  <AgentStatusBadge status={member.status} />
                </Group>
                <Group gap="xs" wrap="nowrap">
                  <Badge size="sm" variant="light" color={ROLE_COLOR[member.role_in_team]} data-testid="team-member-role">
                    {t(`teams.role.${member.role_in_team}`)}
                  </Badge>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    loading={remove.isPending && remove.variables === member.agent_id}
                    onClick={() => remove.mutate(member.agent_id)}
                    aria-label={t('teams.remove', { name: member.name })}
                    title={t('teams.remove', { name: member.name })}
                    data-testid="team-member-remove"
                  >
                    ×
                  </ActionIcon>
                </Group>
              </Group>
            ))}
          </Stack>
        )}
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <div style={{ flex: 1 }}>
            <SearchSelect
              queryKey={['agents', team.organization_id]}
              load={loadAgentOptions(team.organization_id)}
              exclude={team.members.map((member) => member.agent_id)}
              onChange={(agentId) => agentId && add.mutate(agentId)}
              pickOnly
              placeholder={t('teams.addAgent')}
              nothingFound={t('teams.noAgents')}
              disabled={add.isPending}
              testId="team-add-member"
            />
          </div>
          <Select
            aria-label={t('teams.addRole')}
            data={TEAM_ROLES.map((value) => ({ value, label: t(`teams.role.${value}`) }))}
            value={role}
            onChange={(value) => value && setRole(value as Role)}
            allowDeselect={false}
            w={130}
            data-testid="team-add-role"
          />
        </Group>
      </Stack>
    </Card>
  );
}
