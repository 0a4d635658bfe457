import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { HealthService } from './health.service';

class LivenessDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
}

class ReadinessChecksDto {
  @ApiProperty({ example: 'ok' }) database: string;
  @ApiProperty({ example: 'ok' }) migrations: string;
  @ApiProperty({ example: 'disabled', description: '"disabled" when REDIS_URL is not set' }) redis: string;
  @ApiProperty({ example: 'ok', description: 'the durable job engine (pg-boss): "starting" until it takes jobs' }) jobs: string;
}

class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not_ready'] }) status: 'ready' | 'not_ready';
  @ApiProperty({ required: false, description: 'why not ready' }) reason?: string;
  @ApiProperty({ type: ReadinessChecksDto }) checks: ReadinessChecksDto;
}

@ApiTags('Health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness probe (no I/O)' })
  @ApiOkResponse({ type: LivenessDto })
  liveness(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness probe, platform alias of /health' })
  @ApiOkResponse({ type: LivenessDto })
  livenessAlias(): LivenessDto {
    return this.liveness();
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: database reachable and migrated, the job engine taking jobs, Redis reachable when configured' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async readiness(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const { ready, checks } = await this.health.readiness();
    if (ready) return { status: 'ready', checks };
    response.status(503);
    const reason = Object.entries(checks)
      .filter(([, result]) => result !== 'ok' && result !== 'disabled')
      .map(([name, result]) => `${name}: ${result}`)
      .join('; ');
    return { status: 'not_ready', reason, checks };
  }
}
