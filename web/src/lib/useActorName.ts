import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useI18n } from './i18n';
import { messages, type MessageKey } from './messages';

/** Who did something, as the API names them: {type, id}. */
export interface ActorRef {
  type: string;
  id: string | null;
}

/** An actor for people: the agent's name when it is an agent, otherwise the kind of actor. */
export function useActorName(actor: ActorRef | null): string {
  const { t } = useI18n();
  const agent = useQuery({
    queryKey: ['agents', 'one', actor?.id],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents/{id}', { params: { path: { id: actor!.id! } } })),
    enabled: actor?.type === 'agent' && actor.id !== null,
    staleTime: 60_000,
    retry: false,
  });
  if (!actor) return '';
  const key = `actor.${actor.type}`;
  const kind = key in messages.en ? t(key as MessageKey) : actor.type;
  return agent.data ? `${kind} ${agent.data.name}` : kind;
}
