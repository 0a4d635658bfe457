import { AuthScheme } from './auth-scheme';

export type AdminRole = 'superadmin' | 'admin';

export interface AdminPrincipal {
  scheme: AuthScheme.Admin;
  userId: string;
  /** null: may act on every organisation (the local admin token, a superadmin). */
  organizationId: string | null;
  role: AdminRole;
  /** `engine`: the service itself acting for a rule, a pipeline or a schedule (recorded as the system). */
  via: 'static-token' | 'jwt' | 'clerk' | 'engine';
}

export interface H5Principal {
  scheme: AuthScheme.H5;
  userId: string;
  organizationId: string;
}

export interface AgentPrincipal {
  scheme: AuthScheme.Agent;
  agentId: string;
  organizationId: string;
  boardId: string | null;
}

export interface GatewayPrincipal {
  scheme: AuthScheme.Gateway;
  gatewayId: string;
  organizationId: string;
}

export interface PanelPrincipal {
  scheme: AuthScheme.Panel;
}

export type Principal = AdminPrincipal | H5Principal | AgentPrincipal | PanelPrincipal | GatewayPrincipal;

/** Who did something, as recorded in the audit trail. */
export interface Actor {
  type: 'admin' | 'agent' | 'h5_user' | 'gateway' | 'system';
  id: string | null;
}

/** What the engines (rules, pipelines, schedules) act as: every organisation, recorded as the system. */
export const ENGINE_PRINCIPAL: AdminPrincipal = Object.freeze({
  scheme: AuthScheme.Admin,
  userId: 'engine',
  organizationId: null,
  role: 'superadmin',
  via: 'engine',
});

/** The engine acting for one thing it runs (a rule, by its UUID): recorded as the system with that id, so its own effects can be told apart. */
export function engineActingFor(id: string): AdminPrincipal {
  return Object.freeze({ ...ENGINE_PRINCIPAL, userId: id });
}

export function actorOf(principal: Principal | undefined): Actor {
  switch (principal?.scheme) {
    case AuthScheme.Admin:
      if (principal.via === 'engine') return { type: 'system', id: principal.userId === ENGINE_PRINCIPAL.userId ? null : principal.userId };
      return { type: 'admin', id: principal.userId };
    case AuthScheme.Agent:
      return { type: 'agent', id: principal.agentId };
    case AuthScheme.H5:
      return { type: 'h5_user', id: principal.userId };
    case AuthScheme.Gateway:
      return { type: 'gateway', id: principal.gatewayId };
    default:
      return { type: 'system', id: null };
  }
}
