import createClient, { type Middleware } from 'openapi-fetch';
import { clearToken, getToken } from '../lib/session';
import type { components, paths } from './generated/schema';
import { ApiError, errorMessage, fieldErrors } from './errors';

export { ApiError, errorMessage };

export type Schemas = components['schemas'];
export type Organization = Schemas['OrganizationDto'];
export type Board = Schemas['BoardDto'];
export type Task = Schemas['TaskDto'];
export type TaskComment = Schemas['TaskCommentDto'];
export type Agent = Schemas['AgentDto'];
export type User = Schemas['UserDto'];
export type H5User = Schemas['H5UserDto'];
export type H5TokenPair = Schemas['H5TokenPairDto'];
export type ChatSession = Schemas['ChatSessionDto'];
export type ChatMessage = Schemas['ChatMessageDto'];

/** Sends the session's token; a 401 ends the session, which returns the user to the login page. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && getToken()) clearToken('expired');
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/**
 * The API as an H5 user (the chat page acts as one): its own token, and none of the admin session's handling, so a
 * wrong H5 password (401) does not sign the admin out.
 */
export function h5Api(token?: string) {
  const client = createClient<paths>({ baseUrl: window.location.origin });
  if (token)
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  return client;
}

/** The data of an openapi-fetch answer (undefined for a 204), or an ApiError carrying the reason. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new ApiError(result.response.status, errorMessage(result.error, result.response.status), fieldErrors(result.error));
  return result.data as T;
}

export const PAGE_SIZE = 20;
