import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiProperty, ApiPropertyOptional, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** The body of every error answer (HttpErrorFilter): a stable code, a message, details for 4xx. */
export class ErrorBodyDto {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable: clients branch on it (src/common/errors/domain-error.ts)' }) code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ description: 'What exactly was wrong: the fields, rows or ids concerned' }) details?: unknown;
}

/** The coded errors any authenticated route can answer, documented once per controller. */
export const ApiErrorResponses = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiBadRequestResponse({ type: ErrorBodyDto, description: 'VALIDATION_FAILED, INVALID_JSON, INVALID_PHONE_NUMBER' }),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'UNAUTHENTICATED: no or an invalid bearer token' }),
    ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: the role or team may not do this' }),
    ApiNotFoundResponse({ type: ErrorBodyDto, description: 'NOT_FOUND' }),
    ApiConflictResponse({ type: ErrorBodyDto, description: 'CONFLICT, INVALID_STATE, DO_NOT_CALL, REP_NOT_AVAILABLE, …' }),
  );
