import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Manifest } from './types.js';
import generated, { SCHEMA_SHA256 } from './validate-manifest.generated.js';

/**
 * The manifest schema's validator, compiled ahead of time from schemas/manifest.schema.json by
 * scripts/build-validator.mjs (allErrors, verbose): start-up loads no ajv and compiles nothing.
 */
export function manifestValidator(): ValidateFunction<Manifest> {
  return generated as unknown as ValidateFunction<Manifest>;
}

export type SchemaError = ErrorObject;

/** sha256 of schemas/manifest.schema.json as compiled into the validator. */
export const MANIFEST_SCHEMA_SHA256: string = SCHEMA_SHA256;
