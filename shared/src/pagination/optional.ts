import { IsDefined, ValidateIf } from 'class-validator';

/**
 * For update inputs of NOT NULL columns: the field may be left out, but not set to null.
 * (`@IsOptional` skips validation for null too, so a null would reach the database.)
 */
export function NotNullable(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_o, value) => value !== undefined)(target, key);
    IsDefined({ message: '$property cannot be null' })(target, key);
  };
}
