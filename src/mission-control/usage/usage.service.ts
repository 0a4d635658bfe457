import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UsageTotalsDto } from './dto/usage.dto';
import { NO_TASK } from './entities/agent-usage.entity';

export interface UsageRecord {
  organizationId: string;
  agentId: string;
  taskId: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  model: string | null;
  at: Date;
}

/** The sums of a row set as the API shows them (bigint and numeric arrive as strings). */
export function usageTotals(row: { input_tokens?: string | number | null; output_tokens?: string | number | null; cost_usd?: string | number | null } | undefined): UsageTotalsDto {
  const input = Number(row?.input_tokens ?? 0);
  const output = Number(row?.output_tokens ?? 0);
  return { input_tokens: input, output_tokens: output, total_tokens: input + output, cost_usd: Math.round(Number(row?.cost_usd ?? 0) * 1e6) / 1e6 };
}

/** Token and cost accounting: each report adds to its agent's row of the day, task and model. */
@Injectable()
export class UsageService {
  /** Adds a report in the caller's transaction (one statement, safe against concurrent reports of the same key). */
  async record(manager: EntityManager, usage: UsageRecord): Promise<void> {
    await manager.query(
      `INSERT INTO agent_usage_daily (agent_id, usage_date, task_id, model, organization_id, input_tokens, output_tokens, cost_usd, reports)
       VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, $3, $4, $5, $6, $7, $8, 1)
       ON CONFLICT (agent_id, usage_date, task_id, model) DO UPDATE SET
         input_tokens = agent_usage_daily.input_tokens + EXCLUDED.input_tokens,
         output_tokens = agent_usage_daily.output_tokens + EXCLUDED.output_tokens,
         cost_usd = agent_usage_daily.cost_usd + EXCLUDED.cost_usd,
         reports = agent_usage_daily.reports + 1,
         updated_at = now()`,
      [usage.agentId, usage.at.toISOString(), usage.taskId ?? NO_TASK, usage.model ?? '', usage.organizationId, usage.inputTokens, usage.outputTokens, usage.costUsd],
    );
  }
}
