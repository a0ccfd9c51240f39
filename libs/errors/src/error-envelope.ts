import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from './error-codes';

class ValidationIssueDto {
  @ApiProperty({ example: 'limit' }) field!: string;
  @ApiProperty({ example: 'must be between 1 and 50' }) issue!: string;
}

class ErrorBodyDto {
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), example: 'USER_PROFILE_UNAVAILABLE' })
  code!: ErrorCode;

  @ApiProperty({ example: 'Could not load your profile. Please try again.' })
  message!: string;

  @ApiProperty({ example: '4bf92f3577b34da6a3ce929d0e0e4736' })
  traceId!: string;

  @ApiProperty({ description: 'Whether the same request may succeed if retried later' })
  retryable!: boolean;

  @ApiPropertyOptional({ type: [ValidationIssueDto], description: 'Only for VALIDATION_FAILED' })
  details?: ValidationIssueDto[];
}

/** The contract's body for every non-2xx answer. */
export class ErrorEnvelope {
  @ApiProperty({ type: ErrorBodyDto }) error!: ErrorBodyDto;
}
