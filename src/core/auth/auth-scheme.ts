/** The credential schemes of DESIGN §3 (plus a registered gateway's relay token); each name is also the Passport strategy and Swagger scheme. */
export enum AuthScheme {
  Admin = 'admin',
  H5 = 'h5',
  Agent = 'agent',
  Panel = 'panel',
  Gateway = 'gateway',
}

export const AUTH_SCHEMES_KEY = 'auth:schemes';
export const PUBLIC_ROUTE_KEY = 'auth:public';
export const AGENT_TOKEN_HEADER = 'X-Agent-Token';
