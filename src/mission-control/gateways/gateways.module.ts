import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AgentMessenger } from './agent-messenger.service';
import { GatewayEntity } from './entities/gateway.entity';
import { LiveConnectionEntity } from './entities/live-connection.entity';
import { GatewayLinksService } from './gateway-links.service';
import { GatewayStatusService } from './gateway-status.service';
import { GatewayTelemetryService } from './gateway-telemetry.service';
import { GatewaysController } from './gateways.controller';
import { GatewaysService } from './gateways.service';
import { DirectLinkPool } from './links/direct-link-pool';
import { RelayHub } from './links/relay-hub';
import { LiveConnectionsService } from './live-connections.service';
import { RelayGateway } from './relay.gateway';

/** Gateways: CRUD, how to reach each one (direct or relay), its status, telemetry and live connections. */
@Module({
  imports: [TypeOrmModule.forFeature([GatewayEntity, LiveConnectionEntity]), OrganizationsModule, ActivityModule],
  controllers: [GatewaysController],
  providers: [AgentMessenger, GatewaysService, GatewayLinksService, GatewayStatusService, GatewayTelemetryService, DirectLinkPool, RelayHub, LiveConnectionsService, RelayGateway],
  exports: [AgentMessenger, GatewaysService, GatewayLinksService, GatewayStatusService, GatewayTelemetryService, LiveConnectionsService, TypeOrmModule],
})
export class GatewaysModule {}
