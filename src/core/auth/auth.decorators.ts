import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/dto/error-response.dto';
import { AUTH_SCHEMES_KEY, AuthScheme, PUBLIC_ROUTE_KEY } from './auth-scheme';
import { Principal } from './principal';

const securityFor: Record<AuthScheme, () => MethodDecorator & ClassDecorator> = {
  [AuthScheme.Admin]: () => ApiBearerAuth(AuthScheme.Admin),
  [AuthScheme.H5]: () => ApiBearerAuth(AuthScheme.H5),
  [AuthScheme.Agent]: () => ApiSecurity(AuthScheme.Agent),
  [AuthScheme.Panel]: () => ApiBearerAuth(AuthScheme.Panel),
  [AuthScheme.Gateway]: () => ApiBearerAuth(AuthScheme.Gateway),
};

/** Accepts a route for the given credential scheme(s) and shows the matching lock in /docs. */
export function Auth(...schemes: AuthScheme[]) {
  return applyDecorators(
    SetMetadata(AUTH_SCHEMES_KEY, schemes),
    ...schemes.map((scheme) => securityFor[scheme]()),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or expired credentials' }),
  );
}

export const AdminAuth = () =>
  applyDecorators(Auth(AuthScheme.Admin), ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Outside your organization' }));
export const H5Auth = () => Auth(AuthScheme.H5);
export const AgentAuth = () =>
  applyDecorators(Auth(AuthScheme.Agent), ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Outside the agent\'s board' }));
export const PanelAuth = () => Auth(AuthScheme.Panel);
export const GatewayAuth = () => Auth(AuthScheme.Gateway);

/** Opts a route out of the deny-by-default guard. */
export const Public = () => SetMetadata(PUBLIC_ROUTE_KEY, true);

/** The authenticated caller, as its scheme's strategy described it. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().user,
);
