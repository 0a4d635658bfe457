import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { GatewaysModule } from '../gateways/gateways.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RegistrationTokenEntity } from './entities/registration-token.entity';
import { GatewayRegistryController } from './gateway-registry.controller';
import { GatewayRegistryService } from './gateway-registry.service';
import { GatewayRelayTokenStrategy } from './gateway-relay-token.strategy';

/** M2: registration tokens, self-registration, heartbeats and the relay-token credential. */
@Module({
  imports: [TypeOrmModule.forFeature([RegistrationTokenEntity]), GatewaysModule, OrganizationsModule, ActivityModule],
  controllers: [GatewayRegistryController],
  providers: [GatewayRegistryService, GatewayRelayTokenStrategy],
})
export class GatewayRegistryModule {}
