import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const MAX_TOKENS = 1_000_000_000;

/** What one model call (or a batch of them) cost, as an agent reports it. */
export class UsageReportDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_TOKENS, example: 1200 }) @IsInt() @Min(0) @Max(MAX_TOKENS)
  input_tokens: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_TOKENS, example: 350 }) @IsInt() @Min(0) @Max(MAX_TOKENS)
  output_tokens: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000000, example: 0.0042, description: 'US dollars; default 0' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 }) @Min(0) @Max(1000000)
  cost_usd?: number;

  @ApiPropertyOptional({ example: 'openai/gpt-5-mini', maxLength: 100 })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}$/, { message: 'model must be 1-100 letters, digits or . _ : / @ + -' })
  model?: string;
}

/** Tokens and cost summed over some rows. */
export class UsageTotalsDto {
  @ApiProperty() input_tokens: number;
  @ApiProperty() output_tokens: number;
  @ApiProperty({ description: 'input + output' }) total_tokens: number;
  @ApiProperty({ example: 0.0315 }) cost_usd: number;
}
