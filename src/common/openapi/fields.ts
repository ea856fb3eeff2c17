import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Shorthands for response DTOs, which exist only to describe answers in the OpenAPI document (the
 * contract suite in test/api checks every answer against them). Ids are UUIDs, times ISO 8601
 * date-times, and a column that may be NULL says so.
 */
export const UuidField = (options: ApiPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: String, format: 'uuid', ...options } as ApiPropertyOptions);
export const DateTimeField = (options: ApiPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: String, format: 'date-time', ...options } as ApiPropertyOptions);
export const IntField = (options: ApiPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: 'integer', ...options } as ApiPropertyOptions);
