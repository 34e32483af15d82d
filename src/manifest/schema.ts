import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Manifest } from './types.js';

const schemaUrl = new URL('../../schemas/manifest.schema.json', import.meta.url);

let compiled: ValidateFunction<Manifest> | undefined;

/** The compiled manifest schema; compiled once per process. */
export function manifestValidator(): ValidateFunction<Manifest> {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(schemaUrl, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // ajv-formats ships CJS with a default export object; under NodeNext it arrives as the module namespace.
    const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
      ajv: Ajv2020,
      formats: string[],
    ) => void;
    addFormats(ajv, ['uri']);
    compiled = ajv.compile<Manifest>(schema);
  }
  return compiled;
}

export type SchemaError = ErrorObject;
