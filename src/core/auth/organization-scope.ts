import { ForbiddenException } from '@nestjs/common';
import { AuthScheme } from './auth-scheme';
import { AdminPrincipal, AgentPrincipal } from './principal';

/** Refuses (403) an admin bound to one organisation acting on another. */
export function assertOrganizationAccess(principal: AdminPrincipal, organizationId: string): void {
  if (principal.organizationId !== null && principal.organizationId !== organizationId) {
    throw new ForbiddenException({ detail: 'This resource belongs to another organization' });
  }
}

/** The organisation filter of a list: an organisation-bound admin only ever sees their own. */
export function scopedOrganizationFilter(principal: AdminPrincipal, requested?: string): string | undefined {
  if (principal.organizationId === null) return requested;
  if (requested && requested !== principal.organizationId) assertOrganizationAccess(principal, requested);
  return principal.organizationId;
}

export function assertSuperadmin(principal: AdminPrincipal): void {
  if (principal.organizationId !== null || principal.role !== 'superadmin') {
    throw new ForbiddenException({ detail: 'Only a superadmin may do this' });
  }
}

/** Admins reach their organisation's boards; an agent reaches only its own board (403 otherwise). */
export function assertBoardAccess(
  principal: AdminPrincipal | AgentPrincipal,
  target: { organizationId: string; boardId: string | null },
): void {
  if (principal.scheme === AuthScheme.Admin) return assertOrganizationAccess(principal, target.organizationId);
  if (principal.organizationId !== target.organizationId || principal.boardId === null || principal.boardId !== target.boardId) {
    throw new ForbiddenException({ detail: "This is outside the agent's board" });
  }
}
