import { ForbiddenException } from '@nestjs/common';
import { AdminPrincipal } from './principal';

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
