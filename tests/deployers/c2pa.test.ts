import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from '@peculiar/x509';
import { LocalTimestampProvider } from '@trustnxt/c2pa-ts/rfc3161';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { redact } from '../../src/core/secrets.js';
import {
  type C2paSigner,
  c2paSignerFromPem,
  canSignC2pa,
  loadC2paSigner,
  type SignatureMemo,
  signC2pa,
  verifyC2pa,
} from '../../src/deployers/c2pa.js';
import { makeDerivatives } from '../../src/deployers/derivatives.js';
import { makeTestPki, type TestPki } from './pki.js';

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
let dir: string;
let pki: TestPki;
let es256: C2paSigner;
let png: Buffer;
let jpeg: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'genops-c2pa-'));
  pki = makeTestPki(dir);
  es256 = await loadC2paSigner({ certificate: pki.es256.cert, privateKey: pki.es256.key }, { baseDir: dir });
  const base = sharp({ create: { width: 96, height: 64, channels: 3, background: '#336699' } });
  png = await base.clone().png().toBuffer();
  jpeg = await base.clone().jpeg().toBuffer();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pixels(bytes: Buffer): Promise<Buffer> {
  return (await sharp(bytes).raw().toBuffer()) as Buffer;
}

describe('C2PA signing', () => {
  it.each([
    ['png', () => png],
    ['jpeg', () => jpeg],
  ])('signs a %s that the library validator accepts, pixels untouched', async (_format, source) => {
    const signed = await signC2pa(source(), es256, { softwareAgent: { name: 'GenOps', version: '0.1.0' } });
    const verdict = await verifyC2pa(signed);
    expect(verdict.present).toBe(true);
    expect(verdict.valid).toBe(true);
    expect(verdict.signer).toContain('CN=GenOps Test Signer');
    expect(verdict.digitalSourceType).toBe(TRAINED);
    expect(verdict.softwareAgent).toBe('GenOps');
    const codes = verdict.statuses.map((s) => s.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'claimSignature.validated',
        'assertion.dataHash.match',
        'signingCredential.trusted',
      ]),
    );
    expect(verdict.statuses.every((s) => s.success)).toBe(true);
    expect((await pixels(signed)).equals(await pixels(source()))).toBe(true);
    expect(signed.length - source().length).toBeLessThan(4096); // no 25 KB default padding
  });

  it('detects a changed byte in the image data', async () => {
    const signed = await signC2pa(png, es256);
    const tampered = Buffer.from(signed);
    const last = tampered.length - 20; // inside the image data / IEND, outside the manifest
    tampered[last] = (tampered[last] ?? 0) ^ 1;
    const verdict = await verifyC2pa(tampered);
    expect(verdict.present).toBe(true);
    expect(verdict.valid).toBe(false);
    expect(verdict.statuses.filter((s) => !s.success).map((s) => s.code)).toContain(
      'assertion.dataHash.mismatch',
    );
  });

  it('is dropped by any re-encode — sign last', async () => {
    const signed = await signC2pa(png, es256);
    const reencoded = await sharp(signed).png().toBuffer();
    expect((await verifyC2pa(reencoded)).present).toBe(false);
  });

  it('keeps the XMP packet written before signing', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="image/png"/></rdf:RDF></x:xmpmeta>`;
    const [derivative] = await makeDerivatives(png, { formats: ['png'], widths: [48] }, xmp);
    const signed = await signC2pa(derivative?.bytes ?? Buffer.alloc(0), es256);
    expect((await verifyC2pa(signed)).valid).toBe(true);
    expect((await sharp(signed).metadata()).xmp?.toString()).toContain('dc:format="image/png"');
  });

  it('signs with an intermediate CA in the certificate file', async () => {
    const signer = await loadC2paSigner(
      { certificate: path.relative(dir, pki.chained.cert), privateKey: path.relative(dir, pki.chained.key) },
      { baseDir: dir },
    );
    expect(signer.signer.chainCertificates).toHaveLength(1);
    const verdict = await verifyC2pa(await signC2pa(jpeg, signer));
    expect(verdict.valid).toBe(true);
    expect(verdict.signer).toContain('GenOps Chained Signer');
  });

  it('reports a self-signed signing certificate as invalid', async () => {
    const signer = c2paSignerFromPem(
      await readFile(pki.selfSigned.cert, 'utf8'),
      await readFile(pki.selfSigned.key, 'utf8'),
    );
    const verdict = await verifyC2pa(await signC2pa(png, signer));
    expect(verdict.valid).toBe(false);
    expect(verdict.statuses.map((s) => s.code)).toContain('signingCredential.invalid');
  });

  it('embeds a time stamp when a time-stamp authority is configured', async () => {
    const tsaKey = createPrivateKey(await readFile(pki.tsa.key, 'utf8')).export({
      type: 'pkcs8',
      format: 'der',
    });
    const timestampProvider = new LocalTimestampProvider(
      new X509Certificate(await readFile(pki.tsa.cert, 'utf8')),
      new Uint8Array(tsaKey),
    );
    const signer = c2paSignerFromPem(
      await readFile(pki.es256.cert, 'utf8'),
      await readFile(pki.es256.key, 'utf8'),
      { timestampProvider },
    );
    const verdict = await verifyC2pa(await signC2pa(png, signer));
    expect(verdict.valid).toBe(true);
    expect(verdict.statuses.map((s) => s.code)).toContain('timeStamp.trusted');
  });

  it('gives identical bytes on every run with Ed25519', async () => {
    const signer = await loadC2paSigner(
      { certificate: pki.ed25519.cert, privateKey: pki.ed25519.key },
      { baseDir: dir },
    );
    expect(signer.deterministic).toBe(true);
    const a = await signC2pa(png, signer);
    const b = await signC2pa(png, signer);
    expect(a.equals(b)).toBe(true);
    expect((await verifyC2pa(a)).valid).toBe(true);
  });

  it('reuses ECDSA-signed bytes through a memo (ECDSA signatures are randomised)', async () => {
    expect(es256.deterministic).toBe(false);
    const a = await signC2pa(png, es256);
    const b = await signC2pa(png, es256);
    expect(a.equals(b)).toBe(false);
    const saved = new Map<string, Buffer>();
    const memo: SignatureMemo = {
      get: async (key) => saved.get(key),
      set: async (key, bytes) => void saved.set(key, bytes),
    };
    const first = await signC2pa(png, es256, {}, memo);
    const second = await signC2pa(png, es256, {}, memo);
    expect(first.equals(second)).toBe(true);
    expect(saved.size).toBe(1);
    const otherClaim = await signC2pa(png, es256, { description: 'other' }, memo);
    expect(otherClaim.equals(first)).toBe(false);
  });

  it('signs PNG and JPEG only, and refuses bytes that already carry a manifest', async () => {
    expect(canSignC2pa('png')).toBe(true);
    expect(canSignC2pa('jpeg')).toBe(true);
    expect(canSignC2pa('webp')).toBe(false);
    expect(canSignC2pa('avif')).toBe(false);
    const webp = await sharp(png).webp().toBuffer();
    await expect(signC2pa(webp, es256)).rejects.toThrow(/PNG and JPEG only/);
    await expect(signC2pa(await signC2pa(png, es256), es256)).rejects.toThrow(/already carries/);
    expect((await verifyC2pa(webp)).present).toBe(false);
  });
});

describe('loadC2paSigner', () => {
  it('reads the key from an environment variable and redacts it', async () => {
    const pem = await readFile(pki.es256.key, 'utf8');
    const signer = await loadC2paSigner(
      { certificate: pki.es256.cert, privateKeyEnv: 'GENOPS_TEST_C2PA_KEY' },
      { baseDir: dir, env: { GENOPS_TEST_C2PA_KEY: pem } },
    );
    expect(signer.subject).toContain('GenOps Test Signer');
    expect(redact(`key: ${pem}`)).toBe('key: ***');
  });

  it('says which variable or file is missing', async () => {
    await expect(
      loadC2paSigner(
        { certificate: pki.es256.cert, privateKeyEnv: 'GENOPS_NO_SUCH_KEY' },
        { baseDir: dir, env: {} },
      ),
    ).rejects.toThrow(/GENOPS_NO_SUCH_KEY .* is not set/);
    await expect(
      loadC2paSigner({ certificate: 'missing.pem', privateKey: pki.es256.key }, { baseDir: dir }),
    ).rejects.toBeInstanceOf(InputError);
    await expect(loadC2paSigner({ certificate: pki.es256.cert }, { baseDir: dir })).rejects.toThrow(
      /privateKey .* or privateKeyEnv/,
    );
    await expect(
      loadC2paSigner({ certificate: pki.es256.key, privateKey: pki.es256.key }, { baseDir: dir }),
    ).rejects.toThrow(/no PEM certificate/);
  });
});
