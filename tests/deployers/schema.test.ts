import { describe, expect, it } from 'vitest';
import { manifestValidator } from '../../src/manifest/schema.js';

function manifest(delivery: Record<string, unknown>, target?: Record<string, unknown>) {
  return {
    version: 1,
    defaults: { delivery },
    assets: [{ id: 'hero', prompt: 'a lighthouse at dusk' }],
    ...(target ? { delivery: { targets: [target] } } : {}),
  };
}

function errors(value: unknown): string[] {
  const validate = manifestValidator();
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('schema: delivery.c2pa and s3 target additions', () => {
  it('accepts a signer named by certificate and key file, or by key variable', () => {
    expect(
      errors(manifest({ c2pa: { certificate: 'certs/signer.pem', privateKey: 'certs/signer.key' } })),
    ).toEqual([]);
    expect(
      errors(
        manifest({
          c2pa: {
            certificate: 'certs/signer.pem',
            privateKeyEnv: 'C2PA_PRIVATE_KEY',
            timestampUrl: 'http://timestamp.example.com/tsa',
          },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a signer without exactly one key source, or with unknown fields', () => {
    expect(errors(manifest({ c2pa: { certificate: 'c.pem' } }))).not.toEqual([]);
    expect(
      errors(manifest({ c2pa: { certificate: 'c.pem', privateKey: 'k.pem', privateKeyEnv: 'KEY' } })),
    ).not.toEqual([]);
    expect(
      errors(manifest({ c2pa: { certificate: 'c.pem', privateKey: 'k.pem', password: 'x' } })),
    ).not.toEqual([]);
    expect(errors(manifest({ c2pa: { certificate: 'c.pem', privateKeyEnv: 'lower-case' } }))).not.toEqual([]);
  });

  it('accepts sessionTokenEnv on an s3 target', () => {
    const target = {
      type: 's3',
      bucket: 'my-assets',
      prefix: 'img/',
      endpoint: 'http://127.0.0.1:9000',
      publicBaseUrl: 'https://cdn.example.com/img/',
      accessKeyIdEnv: 'S3_KEY_ID',
      secretAccessKeyEnv: 'S3_SECRET',
      sessionTokenEnv: 'S3_SESSION_TOKEN',
      concurrency: 16,
    };
    expect(errors(manifest({}, target))).toEqual([]);
    expect(errors(manifest({}, { ...target, sessionToken: 'inline' }))).not.toEqual([]);
  });
});
