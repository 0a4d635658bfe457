import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GatewayEntity } from './entities/gateway.entity';

/** Writes what the metrics route reports: call latency, relayed messages, errors. Never fails the caller. */
@Injectable()
export class GatewayTelemetryService {
  private readonly logger = new Logger('GatewayTelemetry');

  constructor(@InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>) {}

  callSucceeded(gatewayId: string, latencyMs: number): void {
    this.write(gatewayId, 'rpc_latency_ms = $2', [Math.round(latencyMs)]);
  }

  messagesRelayed(gatewayId: string, count = 1): void {
    this.write(gatewayId, 'messages_relayed = messages_relayed + $2', [count]);
  }

  failed(gatewayId: string, message: string): void {
    this.write(gatewayId, 'error_count = error_count + 1, last_error = $2, last_error_at = now()', [message.slice(0, 500)]);
  }

  private write(gatewayId: string, assignments: string, values: unknown[]): void {
    this.gateways
      .query(`UPDATE gateways SET ${assignments} WHERE id = $1`, [gatewayId, ...values])
      .catch((error: unknown) => this.logger.warn({ err: error, gatewayId }, 'Could not record gateway telemetry'));
  }
}
