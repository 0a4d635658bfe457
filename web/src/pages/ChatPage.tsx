import { Alert, Badge, Box, Button, Card, Grid, Group, Loader, Paper, PasswordInput, ScrollArea, Stack, Text, Textarea, TextInput, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { api, h5Api, unwrap, type Agent, type ChatMessage, type H5User } from '../api/client';
import { CreateFormModal } from '../components/CreateFormModal';
import { NoOrganization } from '../components/NoOrganization';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { SearchSelect } from '../components/SearchSelect';
import { isAnswering, mergeConversation, type ChatEntry } from '../lib/chatLog';
import { formatDateTime } from '../lib/dates';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { useH5Chat, type ChatConnection } from '../lib/useH5Chat';
import { useH5Session, type H5Session } from '../lib/useH5Session';

const SESSION_PAGE = 8;
const MESSAGE_PAGE = 30;
const AGENT_STATUS_COLOR: Record<Agent['status'], string> = { online: 'green', busy: 'orange', offline: 'gray', error: 'red', disabled: 'dark' };
const CONNECTION_COLOR: Record<ChatConnection, string> = { idle: 'gray', connecting: 'yellow', live: 'green', offline: 'orange', refused: 'red' };
const KNOWN_ERRORS = new Set(['GATEWAY_OFFLINE', 'AGENT_UNAVAILABLE', 'SESSION_NOT_FOUND', 'ASSIGNMENT_NOT_FOUND', 'INVALID_TOKEN']);

function useErrorLabel() {
  const { t } = useI18n();
  return (code: string) => (KNOWN_ERRORS.has(code) ? t(`chat.error.${code}` as MessageKey) : t('chat.error.other', { code }));
}

const fromHistory = (message: ChatMessage): ChatEntry => ({
  id: message.id,
  sessionId: message.session_id,
  role: message.role as ChatEntry['role'],
  content: message.content,
  state: message.state as ChatEntry['state'],
  error: message.error_code ? { code: message.error_code } : undefined,
  replyTo: message.reply_to,
});

function NewH5User({ opened, initialName, organizationId, onClose, onCreated }: { opened: boolean; initialName: string; organizationId: string; onClose(): void; onCreated(pair: Awaited<ReturnType<typeof register>>): void }) {
  const { t } = useI18n();
  const { organization } = useCurrentOrganization();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState(initialName);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    if (opened) setUsername(initialName);
  }, [opened, initialName]);
  const create = useMutation({
    mutationFn: () => register(organizationId, username.trim(), password, displayName.trim()),
    onSuccess: async (pair) => {
      await queryClient.invalidateQueries({ queryKey: ['h5-users'] });
      setDisplayName('');
      setPassword('');
      onCreated(pair);
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      mutation={create}
      title={t('chat.newUser')}
      canSubmit={username.trim().length >= 3 && password.length >= 8}
      submitTestId="chat-new-user-create"
      errorTestId="chat-new-user-error"
      returnFocus={false}
    >
      <Text size="sm" c="dimmed">
        {t('chat.newUserHint', { org: organization?.name ?? '' })}
      </Text>
      <TextInput label={t('chat.username')} description={t('chat.usernameHint')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} required data-testid="chat-new-user-username" />
      <TextInput label={t('chat.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} data-testid="chat-new-user-display-name" />
      <PasswordInput label={t('chat.password')} description={t('chat.passwordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required data-testid="chat-new-user-password" />
    </CreateFormModal>
  );
}

async function register(organizationId: string, username: string, password: string, displayName: string) {
  return unwrap(await h5Api().POST('/api/v1/h5/auth/register', { body: { organization_id: organizationId, username, password, ...(displayName ? { display_name: displayName } : {}) } }));
}

/** The agent to talk to and the H5 user to talk as; signing in as the user gives the page its H5 token. */
function Identity(props: {
  organizationId: string;
  agent: Agent | null;
  onAgent(id: string | null): void;
  userId: string | null;
  onUser(id: string | null): void;
  h5: ReturnType<typeof useH5Session>;
}) {
  const { t } = useI18n();
  const { agent, userId, h5 } = props;
  const [creating, setCreating] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const user = useQuery({
    queryKey: ['h5-users', 'one', userId],
    queryFn: async () => unwrap(await api.GET('/api/v1/h5/users/{id}', { params: { path: { id: userId! } } })),
    enabled: userId !== null,
  });
  const login = useMutation({
    mutationFn: async (who: H5User) =>
      unwrap(await h5Api().POST('/api/v1/h5/auth/login', { body: { organization_id: props.organizationId, username: who.username, password } })),
    onSuccess: (pair) => {
      setPassword('');
      h5.signIn(pair);
    },
  });
  const signedIn = h5.session !== null && h5.session.user.id === userId;
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('chat.who')}</Title>
        <SearchSelect
          label={t('chat.agent')}
          placeholder={t('chat.agentPick')}
          nothingFound={t('chat.agentNone')}
          queryKey={['agents', props.organizationId, 'options']}
          load={async (q) =>
            unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: props.organizationId, limit: 20, sort: 'name', order: 'asc', ...(q ? { q } : {}) } } })).items.map((a) => ({
              value: a.id,
              label: a.name,
            }))
          }
          value={agent?.id ?? null}
          current={agent ? { value: agent.id, label: agent.name } : null}
          onChange={props.onAgent}
          testId="chat-agent"
        />
        {agent && (
          <Group gap="xs">
            <Badge color={AGENT_STATUS_COLOR[agent.status]} variant="light" data-testid="chat-agent-status">
              {t(`agents.status.${agent.status}`)}
            </Badge>
            {!agent.gateway_id && (
              <Text size="xs" c="orange">
                {t('chat.noGateway')}
              </Text>
            )}
          </Group>
        )}
        <SearchSelect
          label={t('chat.user')}
          placeholder={t('chat.userPick')}
          nothingFound={t('chat.userNone')}
          queryKey={['h5-users', props.organizationId, 'options']}
          load={async (q) =>
            unwrap(await api.GET('/api/v1/h5/users', { params: { query: { organization_id: props.organizationId, limit: 20, sort: 'username', order: 'asc', ...(q ? { q } : {}) } } })).items.map((u) => ({
              value: u.id,
              label: u.display_name === u.username ? u.username : `${u.display_name} (${u.username})`,
            }))
          }
          value={userId}
          current={user.data ? { value: user.data.id, label: user.data.display_name === user.data.username ? user.data.username : `${user.data.display_name} (${user.data.username})` } : null}
          onChange={(id) => {
            login.reset();
            props.onUser(id);
          }}
          create={{ label: (q) => t('chat.userCreate', { name: q }), onCreate: (q) => setCreating(q) }}
          testId="chat-user"
        />
        {h5.refreshError && (
          <Alert color="orange" data-testid="chat-session-ended">
            {t('chat.sessionEnded', { reason: h5.refreshError.message })}
          </Alert>
        )}
        {signedIn ? (
          <Group justify="space-between" wrap="nowrap">
            <Badge color="teal" variant="light" size="lg" style={{ textTransform: 'none' }} data-testid="chat-signed-in">
              {t('chat.signedInAs', { name: h5.session!.user.display_name })}
            </Badge>
            <Button variant="subtle" size="xs" onClick={h5.signOut} data-testid="chat-sign-out">
              {t('chat.signOut')}
            </Button>
          </Group>
        ) : (
          user.data && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                login.mutate(user.data!);
              }}
            >
              <Stack gap="xs">
                <PasswordInput label={t('chat.userPassword', { name: user.data.display_name })} value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="chat-password" />
                {login.error && (
                  <Alert color="red" data-testid="chat-sign-in-error">
                    {login.error.message}
                  </Alert>
                )}
                <Button type="submit" disabled={!password || !agent} loading={login.isPending} data-testid="chat-sign-in">
                  {t('chat.signIn')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('chat.signInHint')}
                </Text>
              </Stack>
            </form>
          )
        )}
      </Stack>
      <NewH5User
        opened={creating !== null}
        initialName={creating ?? ''}
        organizationId={props.organizationId}
        onClose={() => setCreating(null)}
        onCreated={(pair) => {
          setCreating(null);
          props.onUser(pair.user.id);
          h5.signIn(pair);
        }}
      />
    </Card>
  );
}

/** The signed-in user's conversations with the agent, newest first; the one being shown is highlighted. */
function Sessions({ session, agentId, current, draft, onPick, onNew }: { session: H5Session; agentId: string; current: string | null; draft: boolean; onPick(id: string): void; onNew(): void }) {
  const { t, language } = useI18n();
  const [page, setPage] = useState(1);
  const sessions = useSessions(session, agentId, page);
  useEffect(() => {
    const first = sessions.data?.items[0];
    if (current === null && sessions.data) first ? onPick(first.id) : onNew();
  }, [current, sessions.data, onPick, onNew]);
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('chat.sessions')}</Title>
        <Button size="xs" variant="light" onClick={onNew} data-testid="chat-new-session">
          {t('chat.newSession')}
        </Button>
      </Group>
      <QueryState isPending={sessions.isPending} error={sessions.error} retry={() => void sessions.refetch()}>
        {() => (
          <Stack gap={4}>
            {draft && (
              <Paper p="xs" radius="sm" bg="var(--mantine-primary-color-light)" data-testid="chat-session-draft">
                <Text size="sm">{t('chat.unsaved')}</Text>
              </Paper>
            )}
            {sessions.data!.total === 0 && !draft && (
              <Text size="sm" c="dimmed" data-testid="chat-sessions-empty">
                {t('chat.noSessions')}
              </Text>
            )}
            {sessions.data!.items.map((s) => (
              <UnstyledButton key={s.id} onClick={() => onPick(s.id)} data-testid="chat-session" data-active={s.id === current}>
                <Paper p="xs" radius="sm" withBorder={s.id !== current} bg={s.id === current ? 'var(--mantine-primary-color-light)' : undefined}>
                  <Text size="sm">{t('chat.session', { date: formatDateTime(s.created_at, language) })}</Text>
                  <Text size="xs" c="dimmed">
                    {t('chat.sessionLast', { date: formatDateTime(s.last_message_at, language) })}
                  </Text>
                </Paper>
              </UnstyledButton>
            ))}
            <Pager page={page} total={sessions.data!.total} onChange={setPage} pageSize={SESSION_PAGE} testId="chat-sessions-pager" />
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

function useSessions(session: H5Session, agentId: string, page: number) {
  return useQuery({
    queryKey: ['h5-chat-sessions', session.user.id, agentId, page],
    queryFn: async () =>
      unwrap(
        await h5Api(session.accessToken).GET('/api/v1/h5/chat/sessions', {
          params: { query: { agent_id: agentId, limit: SESSION_PAGE, offset: (page - 1) * SESSION_PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

function MessageLine({ entry, agentName, userName, onRetry }: { entry: ChatEntry; agentName: string; userName: string; onRetry(entry: ChatEntry): void }) {
  const { t } = useI18n();
  const errorLabel = useErrorLabel();
  if (entry.role === 'system') {
    const key = `chat.system.${entry.content}` as MessageKey;
    return (
      <Text size="xs" c="dimmed" ta="center" data-testid="chat-system">
        {entry.content === 'agent_offline' || entry.content === 'agent_online' ? t(key) : entry.content}
      </Text>
    );
  }
  const mine = entry.role === 'user';
  return (
    <Stack gap={2} align={mine ? 'flex-end' : 'flex-start'} data-testid={`chat-message-${entry.role}`} data-state={entry.state}>
      <Text size="xs" c="dimmed">
        {mine ? t('chat.you', { name: userName }) : agentName}
      </Text>
      <Paper
        px="sm"
        py={6}
        radius="md"
        maw="80%"
        withBorder={!mine}
        bg={mine ? 'var(--mantine-primary-color-light)' : undefined}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        <Text size="sm" data-testid="chat-message-text">
          {entry.content}
          {entry.state === 'streaming' && <span aria-hidden="true" style={{ opacity: 0.5 }}>
              ▍
            </span>}
        </Text>
      </Paper>
      {entry.state === 'failed' && entry.error && (
        <Alert color="red" variant="light" px="sm" py={6} maw="80%" data-testid="chat-error">
          <Group gap="xs" wrap="nowrap" align="baseline">
            <Text size="sm" fw={600} c="red" style={{ whiteSpace: 'nowrap' }}>
              {errorLabel(entry.error.code)}
              {mine ? '' : ` · ${t('chat.failed')}`}
            </Text>
            {entry.error.message && <Text size="sm">{entry.error.message}</Text>}
            {mine && (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRetry(entry)} data-testid="chat-retry">
                {t('chat.retry')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
    </Stack>
  );
}

/** One conversation: its history, what streams in live, and the composer. */
function Conversation({ session, agent, sessionId, draft, chat }: { session: H5Session; agent: Agent; sessionId: string; draft: boolean; chat: ReturnType<typeof useH5Chat> }) {
  const { t } = useI18n();
  const errorLabel = useErrorLabel();
  const [text, setText] = useState('');
  const [notConnected, setNotConnected] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const history = useInfiniteQuery({
    queryKey: ['h5-chat-messages', session.user.id, sessionId],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await h5Api(session.accessToken).GET('/api/v1/h5/chat/sessions/{id}/messages', {
          params: { path: { id: sessionId }, query: { limit: MESSAGE_PAGE, offset: pageParam, order: 'desc' } },
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((count, page) => count + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    enabled: !draft,
  });
  const entries = useMemo(() => {
    const seen = new Set<string>();
    const older = (history.data?.pages ?? []).flatMap((page) => page.items).filter((m) => !seen.has(m.id) && seen.add(m.id));
    return mergeConversation(older.reverse().map(fromHistory), chat.log, sessionId);
  }, [history.data, chat.log, sessionId]);
  const answering = isAnswering(chat.log, sessionId);
  const last = entries[entries.length - 1];
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [entries.length, last?.content]);

  const send = () => {
    const content = text.trim();
    if (!content) return;
    if (!chat.send({ content, sessionId })) return setNotConnected(true);
    setNotConnected(false);
    setText('');
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const userName = session.user.display_name;
  return (
    <Stack gap="sm" h="100%">
      <ScrollArea h={480} viewportRef={viewport} type="auto" data-testid="chat-log">
        <Stack gap="sm" p="xs">
          {history.hasNextPage && (
            <Button variant="subtle" size="xs" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} data-testid="chat-earlier">
              {t('chat.earlier')}
            </Button>
          )}
          {history.error && (
            <Alert color="red" data-testid="chat-history-error">
              {history.error.message}
            </Alert>
          )}
          {!draft && history.isPending ? (
            <Group justify="center" p="xl">
              <Loader size="sm" />
            </Group>
          ) : entries.length === 0 ? (
            <Text c="dimmed" ta="center" py="xl" data-testid="chat-empty">
              {t('chat.empty')}
            </Text>
          ) : (
            entries.map((entry) => <MessageLine key={entry.id} entry={entry} agentName={agent.name} userName={userName} onRetry={(e) => chat.send({ id: e.id, content: e.content, sessionId })} />)
          )}
        </Stack>
      </ScrollArea>
      <Box mih={22}>
        {answering && (
          <Group gap="xs" data-testid="chat-streaming">
            <Loader type="dots" size="sm" />
            <Text size="sm" c="dimmed">
              {t('chat.typing', { agent: agent.name })}
            </Text>
          </Group>
        )}
      </Box>
      {chat.log.problem && (
        <Alert color="red" data-testid="chat-problem" title={errorLabel(chat.log.problem.code)}>
          {chat.log.problem.message}
        </Alert>
      )}
      {notConnected && chat.connection !== 'live' && (
        <Alert color="orange" data-testid="chat-not-connected">
          {t('chat.notConnected')}
        </Alert>
      )}
      <Group align="flex-end" wrap="nowrap">
        <Textarea
          aria-label={t('chat.input')}
          placeholder={t('chat.inputPlaceholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKey}
          autosize
          minRows={2}
          maxRows={6}
          style={{ flex: 1 }}
          data-testid="chat-input"
        />
        <Button onClick={send} disabled={!text.trim() || chat.connection !== 'live'} data-testid="chat-send">
          {t('chat.send')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Assigns the H5 user to the agent (the chat refuses unassigned users); the socket is told so it lists the agent. */
function useAssignment(session: H5Session | null, agentId: string | null, chat: ReturnType<typeof useH5Chat>) {
  const userId = session?.user.id ?? null;
  const { reauthenticate } = chat;
  const assign = useMutation({
    mutationFn: async ({ user, agent }: { user: string; agent: string }) => unwrap(await api.POST('/api/v1/h5/users/{id}/assign', { params: { path: { id: user } }, body: { agent_id: agent } })),
    onSuccess: () => reauthenticate(),
  });
  const { mutate } = assign;
  useEffect(() => {
    if (userId && agentId) mutate({ user: userId, agent: agentId });
  }, [userId, agentId, mutate]);
  return assign;
}

function ChatWorkspace({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const h5 = useH5Session();
  const [agentId, setAgentId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [draft, setDraft] = useState(false);
  const agent = useQuery({
    queryKey: ['agents', 'one', agentId],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents/{id}', { params: { path: { id: agentId! } } })),
    enabled: agentId !== null,
    refetchInterval: 15_000,
  });
  const session = h5.session && h5.session.user.id === userId ? h5.session : null;
  const chat = useH5Chat(session?.user.id ?? null, session?.accessToken ?? null, agentId, sessionId);
  const assignment = useAssignment(session, agentId, chat);

  // a different user or agent is a different list of conversations
  useEffect(() => {
    setSessionId(null);
    setDraft(false);
  }, [agentId, session?.user.id]);
  const pick = useMemo(
    () => ({
      existing: (id: string) => {
        setSessionId(id);
        setDraft(false);
      },
      fresh: () => {
        setSessionId(crypto.randomUUID());
        setDraft(true);
      },
    }),
    [],
  );
  // the first answer in a new conversation means the service has saved it
  const saved = draft && sessionId !== null && [...chat.log.entries.values()].some((e) => e.sessionId === sessionId && e.role === 'agent');
  useEffect(() => {
    if (!saved) return;
    setDraft(false);
    void queryClient.invalidateQueries({ queryKey: ['h5-chat-sessions'] });
  }, [saved, queryClient]);

  const ready = session !== null && agent.data !== undefined && assignment.isSuccess && sessionId !== null;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <Identity organizationId={organizationId} agent={agent.data ?? null} onAgent={setAgentId} userId={userId} onUser={setUserId} h5={h5} />
          {session && agentId && <Sessions session={session} agentId={agentId} current={sessionId} draft={draft} onPick={pick.existing} onNew={pick.fresh} />}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Card withBorder padding="md" h="100%">
          <Group justify="space-between" mb="sm" wrap="nowrap">
            <Title order={4} lineClamp={1}>
              {agent.data?.name ?? t('chat.title')}
            </Title>
            <Badge color={CONNECTION_COLOR[chat.connection]} variant="dot" data-testid="chat-connection" data-state={chat.connection}>
              {t(`chat.connection.${chat.connection}`)}
            </Badge>
          </Group>
          {assignment.error && (
            <Alert color="red" mb="sm" data-testid="chat-assign-error">
              {assignment.error.message}
            </Alert>
          )}
          {ready ? (
            <Conversation key={sessionId} session={session} agent={agent.data} sessionId={sessionId} draft={draft} chat={chat} />
          ) : (
            <Text c="dimmed" py="xl" ta="center" data-testid="chat-pick-first">
              {t('chat.pickFirst')}
            </Text>
          )}
        </Card>
      </Grid.Col>
    </Grid>
  );
}

export default function ChatPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const agents = useQuery({
    queryKey: ['agents', organizationId, 'any'],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: organizationId!, limit: 1 } } })),
    enabled: organizationId !== null,
  });
  return (
    <Stack>
      <div>
        <Title order={2}>{t('chat.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('chat.subtitle')}
        </Text>
      </div>
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <QueryState isPending={agents.isPending} error={agents.error} retry={() => void agents.refetch()}>
          {() =>
            agents.data!.total === 0 ? (
              <Text c="dimmed" data-testid="empty-state">
                {t('chat.noAgents', { org: organization?.name ?? '' })} <Link to="/agents">{t('nav.agents')}</Link>
              </Text>
            ) : (
              <ChatWorkspace key={organizationId} organizationId={organizationId} />
            )
          }
        </QueryState>
      )}
    </Stack>
  );
}
