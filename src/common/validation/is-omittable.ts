import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but an explicit `null` is validated (and so refused) like any other
 * value. class-validator's own `@IsOptional()` skips `null` too, which let `{"tier": null}` through
 * to a NOT NULL column and came back as a 500. Use `@IsOptional()` only where null means something
 * (and the OpenAPI property says `nullable: true`).
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
