/**
 * Optional C2PA provenance: a signed manifest embedded in delivered PNG and JPEG files, saying the
 * image was created by a trained algorithm (IPTC digital source type `trainedAlgorithmicMedia`),
 * by which software, signed by the holder of the manifest's certificate. Pure TypeScript
 * (@trustnxt/c2pa-ts): no native binary, so it runs wherever the action runs.
 *
 * Sign LAST. The manifest's hard binding is a hash over every byte of the file except the manifest
 * itself: any later change — re-encoding, resizing, adding XMP, an optimiser, a CDN's image
 * transformation — breaks validation, and every re-encode through sharp drops the manifest
 * entirely. So derivatives and XMP first, then `signC2pa`, then upload the bytes as they are.
 *
 * Repeatable output: Ed25519 signatures are deterministic, and the manifest label and instance ID
 * here derive from the content, so an Ed25519 signer without a time-stamp authority produces the
 * same bytes on every run (an unchanged asset costs no upload). ECDSA (ES256/384/512) and RSA-PSS
 * signatures are randomised: pass a `memo` so a rerun reuses the bytes signed before.
 */
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { X509Certificate } from '@peculiar/x509';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { CoseAlgorithmIdentifier, LocalSigner, type Signer } from '@trustnxt/c2pa-ts/cose';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import {
  ActionAssertion,
  ActionType,
  DataHashAssertion,
  DigitalSourceType,
  ManifestStore,
  Signature,
} from '@trustnxt/c2pa-ts/manifest';
import { type TimestampProvider, WebTimestampProvider } from '@trustnxt/c2pa-ts/rfc3161';
import { canonicalJson, sha256Hex } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import type { ImageFormat } from '../core/model.js';
import { readSecret, rememberSecret } from '../core/secrets.js';

/** `delivery.c2pa` in the manifest (schemas/manifest.schema.json $defs/c2pa). */
export interface C2paSignerSpec {
  /** PEM file: the signer certificate, then any intermediates (not the root). Relative to the manifest. */
  certificate: string;
  /** PEM file with the private key (PKCS#8, SEC1 or PKCS#1). */
  privateKey?: string;
  /** Or: environment variable holding the PEM private key (on GitHub, a secret passed in via env:). */
  privateKeyEnv?: string;
  /** RFC 3161 time-stamp authority; a time-stamped signature stays valid after the certificate expires. */
  timestampUrl?: string;
}

export interface C2paSigner {
  readonly signer: Signer;
  readonly timestampProvider?: TimestampProvider;
  /** The certificate's subject, for the report. */
  readonly subject: string;
  readonly notAfter: Date;
  /** sha256 of the signer certificate (DER): part of the memo key. */
  readonly fingerprint: string;
  /** True when signing the same input twice gives the same bytes (Ed25519, no time stamp). */
  readonly deterministic: boolean;
}

/** What the manifest says about the image. */
export interface C2paClaim {
  /** Software that created the image: `{ name: 'GenOps', version: '0.1.0' }`. */
  softwareAgent?: { name: string; version?: string };
  /** IPTC digital source type; default trainedAlgorithmicMedia (generative AI). */
  digitalSourceType?: DigitalSourceType;
  /** What produced it, e.g. the back end and model: `openai gpt-image-1`. Stored as the action's description. */
  description?: string;
}

/** Signed bytes remembered by the unsigned input (e.g. a JsonIndex of key → blob sha plus a BlobStore). */
export interface SignatureMemo {
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, signed: Buffer): Promise<void>;
}

export type C2paFormat = Extract<ImageFormat, 'png' | 'jpeg'>;

/** Formats the signer can embed a manifest in; WebP and AVIF are delivered unsigned. */
export function canSignC2pa(format: ImageFormat): format is C2paFormat {
  return format === 'png' || format === 'jpeg';
}

/** Reads the certificate and key a manifest names. Paths are relative to `baseDir` (the manifest's folder). */
export async function loadC2paSigner(
  spec: C2paSignerSpec,
  options: { baseDir: string; env?: NodeJS.ProcessEnv; manifestFile?: string },
): Promise<C2paSigner> {
  const where = { file: options.manifestFile ?? 'genops.yaml', path: 'delivery.c2pa' };
  const readPem = async (file: string, what: string) => {
    try {
      return await readFile(path.resolve(options.baseDir, file), 'utf8');
    } catch (error) {
      throw new InputError({
        ...where,
        message: `cannot read the C2PA ${what} ${JSON.stringify(file)}: ${(error as Error).message}`,
        hint: 'paths are relative to the manifest',
      });
    }
  };
  const certificatePem = await readPem(spec.certificate, 'certificate');
  let keyPem: string | undefined;
  if (spec.privateKeyEnv) {
    keyPem = readSecret(options.env ?? process.env, spec.privateKeyEnv);
    if (!keyPem) {
      throw new InputError({
        ...where,
        message: `environment variable ${spec.privateKeyEnv} (the C2PA private key) is not set`,
        hint: 'pass the PEM key from a secret via env:, or remove delivery.c2pa to deliver unsigned',
      });
    }
  } else if (spec.privateKey) {
    keyPem = await readPem(spec.privateKey, 'private key');
    rememberSecret(keyPem);
  } else {
    throw new InputError({ ...where, message: 'needs privateKey (a file) or privateKeyEnv (a variable)' });
  }
  const timestampProvider = spec.timestampUrl ? new WebTimestampProvider(spec.timestampUrl) : undefined;
  try {
    return c2paSignerFromPem(certificatePem, keyPem, { timestampProvider });
  } catch (error) {
    throw new InputError({ ...where, message: (error as Error).message });
  }
}

/** A signer from PEM text: the certificate (then its intermediates) and the matching private key. */
export function c2paSignerFromPem(
  certificatePem: string,
  privateKeyPem: string,
  options: { timestampProvider?: TimestampProvider } = {},
): C2paSigner {
  const blocks = certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const [leafPem, ...chainPem] = blocks;
  if (!leafPem) throw new Error('the C2PA certificate file holds no PEM certificate');
  const certificate = new X509Certificate(leafPem);
  const chain = chainPem.map((pem) => new X509Certificate(pem));
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new Error(`the C2PA private key is not a readable PEM key (${(error as Error).message})`);
  }
  const algorithm = algorithmOf(key);
  const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  return {
    signer: new LocalSigner(pkcs8, algorithm, certificate, chain),
    timestampProvider: options.timestampProvider,
    subject: certificate.subject,
    notAfter: certificate.notAfter,
    fingerprint: sha256Hex(new Uint8Array(certificate.rawData)),
    deterministic: algorithm === CoseAlgorithmIdentifier.Ed25519 && !options.timestampProvider,
  };
}

function algorithmOf(key: KeyObject): CoseAlgorithmIdentifier {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (curve === 'prime256v1') return CoseAlgorithmIdentifier.ES256;
      if (curve === 'secp384r1') return CoseAlgorithmIdentifier.ES384;
      if (curve === 'secp521r1') return CoseAlgorithmIdentifier.ES512;
      throw new Error(`EC curve ${curve} is not allowed by C2PA (use P-256, P-384 or P-521)`);
    case 'ed25519':
      return CoseAlgorithmIdentifier.Ed25519;
    case 'rsa':
    case 'rsa-pss':
      return CoseAlgorithmIdentifier.PS256;
    default:
      throw new Error(`key type ${key.asymmetricKeyType} is not allowed by C2PA (use EC, Ed25519 or RSA)`);
  }
}

/** Room for the signature, the certificates and, with a time-stamp authority, its token. */
function signaturePadding(signer: C2paSigner): number {
  return 1024 + (signer.timestampProvider ? 24_000 : 0);
}

/**
 * The key a signed result is remembered by: the unsigned bytes, the claim and the signer.
 */
export function c2paMemoKey(bytes: Buffer, signer: C2paSigner, claim: C2paClaim = {}): string {
  return sha256Hex(
    canonicalJson({
      bytes: sha256Hex(bytes),
      claim,
      signer: signer.fingerprint,
      tsa: Boolean(signer.timestampProvider),
    }),
  );
}

/**
 * Embeds a signed C2PA manifest in a PNG or JPEG and returns the new bytes. The pixels and other
 * chunks are untouched; the file grows by the manifest (≈2 KB plus the certificate chain).
 */
export async function signC2pa(
  bytes: Buffer,
  signer: C2paSigner,
  claim: C2paClaim = {},
  memo?: SignatureMemo,
): Promise<Buffer> {
  const key = c2paMemoKey(bytes, signer, claim);
  if (memo && !signer.deterministic) {
    const known = await memo.get(key);
    if (known) return known;
  }
  const asset = openAsset(bytes);
  if (!asset) throw new Error('C2PA signing supports PNG and JPEG only');
  if (asset.getManifestJUMBF())
    throw new Error('the image already carries a C2PA manifest; sign unsigned bytes');

  const store = new ManifestStore();
  const manifest = store.createManifest({
    assetFormat: asset.mimeType,
    instanceID: `xmp:iid:${uuidFrom(key, 'instance')}`,
    defaultHashAlgorithm: 'SHA-256',
    signer: signer.signer,
  });
  // Derived from the content, not random: the same input signs to the same bytes (with Ed25519).
  manifest.label = `urn:uuid:${uuidFrom(key, 'manifest')}`;
  manifest.signature = Signature.create(signer.signer, signaturePadding(signer));

  const dataHash = DataHashAssertion.create('SHA-256');
  manifest.addAssertion(dataHash);
  const actions = new ActionAssertion();
  actions.actions.push({
    action: ActionType.C2paCreated,
    digitalSourceType: claim.digitalSourceType ?? DigitalSourceType.TrainedAlgorithmicMedia,
    softwareAgent: claim.softwareAgent ?? { name: 'GenOps' },
    ...(claim.description ? { description: claim.description } : {}),
  });
  manifest.addAssertion(actions);

  await asset.ensureManifestSpace(store.measureSize());
  await dataHash.updateWithAsset(asset);
  await manifest.sign(signer.signer, signer.timestampProvider);
  await asset.writeManifestJUMBF(store.getBytes());
  const signed = Buffer.from(await asset.getDataRange());
  if (memo && !signer.deterministic) await memo.set(key, signed);
  return signed;
}

export interface C2paStatus {
  code: string;
  success: boolean;
  url?: string;
  explanation?: string;
}

export interface C2paVerdict {
  /** A manifest store is embedded. */
  present: boolean;
  /** It validates: signature, certificate profile and the hash binding to these exact bytes. */
  valid: boolean;
  manifestLabel?: string;
  /** Subject of the signing certificate. */
  signer?: string;
  digitalSourceType?: string;
  softwareAgent?: string;
  statuses: C2paStatus[];
}

/**
 * Reads and validates the embedded manifest with the library's own validator. Note: c2pa-ts 0.9
 * does not check the certificate chain against a trust list — `valid` means well-formed, untampered
 * and signed by the embedded certificate, not that the signer is trusted.
 */
export async function verifyC2pa(bytes: Buffer): Promise<C2paVerdict> {
  const asset = openAsset(bytes);
  const jumbf = asset?.getManifestJUMBF();
  if (!asset || !jumbf) return { present: false, valid: false, statuses: [] };
  try {
    const store = ManifestStore.read(SuperBox.fromBuffer(jumbf as Uint8Array<ArrayBuffer>));
    const result = await store.validate(asset);
    const manifest = store.getActiveManifest();
    const action = manifest?.assertions?.assertions
      .filter((a): a is ActionAssertion => a instanceof ActionAssertion)
      .flatMap((a) => a.actions)
      .find((a) => a.action === ActionType.C2paCreated);
    return {
      present: true,
      valid: result.isValid,
      manifestLabel: manifest?.label,
      signer: manifest?.signature?.signatureData.certificate?.subject,
      digitalSourceType: action?.digitalSourceType,
      softwareAgent: action?.softwareAgent?.name,
      statuses: result.statusEntries.map((e) => ({
        code: e.code,
        success: e.success ?? false,
        ...(e.url ? { url: e.url } : {}),
        ...(e.explanation ? { explanation: e.explanation } : {}),
      })),
    };
  } catch (error) {
    return {
      present: true,
      valid: false,
      statuses: [{ code: 'manifest.malformed', success: false, explanation: (error as Error).message }],
    };
  }
}

function openAsset(bytes: Buffer): PNG | JPEG | undefined {
  if (PNG.canRead(bytes)) return new PNG(bytes);
  if (JPEG.canRead(bytes)) return new JPEG(bytes);
  return undefined;
}

/** A version-4-shaped UUID from a hash, so identifiers are stable for the same content. */
function uuidFrom(key: string, purpose: string): string {
  const h = createHash('sha256').update(`${purpose}:${key}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
