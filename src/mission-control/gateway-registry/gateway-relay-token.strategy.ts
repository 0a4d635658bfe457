import { Inject, Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { Repository } from 'typeorm';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { PASSPORT, PassportInstance, registerStrategy, verifyWith } from '../../core/auth/passport';
import { GatewayPrincipal } from '../../core/auth/principal';
import { bearerTokenOf, hashToken } from '../../core/auth/tokens';
import { GatewayEntity } from '../gateways/entities/gateway.entity';

export const RELAY_TOKEN_PREFIX = 'relay_';

/** `Authorization: Bearer relay_…`: the token a gateway received when it registered; one indexed lookup. */
@Injectable()
export class GatewayRelayTokenStrategy implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    @InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>,
  ) {}

  onModuleInit(): void {
    registerStrategy(this.passport, AuthScheme.Gateway, new Strategy(verifyWith((request: Request) => this.validate(request))));
  }

  async validate(request: Request): Promise<GatewayPrincipal> {
    const token = bearerTokenOf(request.headers);
    const refused = new UnauthorizedException({ detail: 'Missing or invalid relay token' });
    if (!token?.startsWith(RELAY_TOKEN_PREFIX) || token.length > 256) throw refused;
    const gateway = await this.gateways.findOne({ where: { relayTokenHash: hashToken(token) }, select: { id: true, organizationId: true } });
    if (!gateway) throw refused;
    return { scheme: AuthScheme.Gateway, gatewayId: gateway.id, organizationId: gateway.organizationId };
  }
}
