import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'name' }) field: string;
  @ApiProperty({ example: 'name must be shorter than or equal to 200 characters' }) message: string;
}

/** The Mission Control error body: `{detail}`, with `errors` on field validation failures (422). */
export class ErrorResponseDto {
  @ApiProperty({ example: 'Organization not found' }) detail: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}
