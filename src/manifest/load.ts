import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { sha256Hex } from '../core/canonical.js';
import { InputError, type InputProblem } from '../core/errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { DocumentLocator, danglingAliases, formatPath, parsePointer, unclosedConstructs } from './locate.js';
import { MANIFEST_SCHEMA_SHA256, manifestValidator, type SchemaError } from './schema.js';
import { didYouMean } from './suggest.js';
import type { Manifest } from './types.js';

/** Finds the line and column of a place in the manifest, for messages. */
export interface ManifestLocator {
  locate(path: (string | number)[], key?: string): { line: number; column: number };
}

/** A manifest that passed the schema, with what later layers need to report locations. */
export interface LoadedManifest {
  manifest: Manifest;
  /** The path as the user gave it (for messages). */
  file: string;
  baseDir: string;
  /** sha256 of the file's bytes. */
  hash: string;
  locator: ManifestLocator;
  /**
   * Keeps this manifest in the cache named to `loadManifest`; the caller calls it once everything
   * else about the manifest checked out, so bad input writes nothing. Absent on a cache hit.
   */
  remember?: () => Promise<void>;
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** yaml's own guard against alias ("billion laughs") expansion. */
const MAX_ALIAS_COUNT = 100;
/** Why an `imagen-*` model is refused (the google generator says the same at plan time). */
export const IMAGEN_WITHDRAWN =
  'Imagen was withdrawn from the Gemini API (all Imagen models shut down on 17 August 2026); use a Gemini image model: gemini-3.1-flash-image (for imagen-4.0-generate/-fast) or gemini-3-pro-image (for imagen-4.0-ultra)';
const UNSUPPORTED_GENERATORS: Record<string, string> = {
  midjourney:
    'Midjourney has no official API, so GenOps cannot drive it; use openai, stability, google, bfl, replicate, comfyui or automatic1111',
  gemini: 'Gemini image models are served by the `google` generator type',
  imagen: `the \`google\` generator type serves Gemini image models only: ${IMAGEN_WITHDRAWN}`,
  flux: 'FLUX is served by the `bfl` generator type (Black Forest Labs API) or `replicate`',
  dalle: 'DALL-E is served by the `openai` generator type (model: dall-e-3)',
  'stable-diffusion': 'use `stability` (hosted API), `comfyui` or `automatic1111` for Stable Diffusion',
};

/**
 * Reads, parses and validates a manifest. With `cacheDir`, a manifest whose exact bytes passed
 * this schema (and were remembered) before is taken from the cache as JSON: parsing YAML with source positions was the
 * largest single cost of a no-op rerun (≈ 200 ms of 1.65 s for 1,000 assets). Its locator then
 * parses the YAML only if a later layer has a problem to point at.
 */
export async function loadManifest(
  file: string,
  options: { cacheDir?: string } = {},
): Promise<LoadedManifest> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({
      file,
      message: code === 'ENOENT' ? 'manifest not found' : `cannot read manifest (${code})`,
      hint:
        code === 'ENOENT' ? 'pass --manifest PATH, or create genops.yaml (see examples/basic)' : undefined,
    });
  }
  const where = { baseDir: path.dirname(path.resolve(file)), hash: sha256Hex(bytes) };
  const cacheFile = options.cacheDir && parsedCacheFile(options.cacheDir, where.hash);
  const cached = cacheFile ? await readParsed(cacheFile) : undefined;
  if (cached) return { manifest: cached, file, locator: new LazyLocator(decodeText(file, bytes)), ...where };
  const parsed = parseManifestText(file, bytes);
  const remember = cacheFile ? () => writeParsed(cacheFile, parsed.manifest) : undefined;
  return { ...parsed, ...where, remember };
}

/** Bump when loading changes what a given text yields (the schema's own hash is in the key). */
const PARSED_CACHE_VERSION = 1;

/** Named by the manifest's sha256, the schema's and this cache's version. */
function parsedCacheFile(cacheDir: string, manifestHash: string): string {
  return path.join(
    cacheDir,
    `${manifestHash}.${MANIFEST_SCHEMA_SHA256.slice(0, 16)}.v${PARSED_CACHE_VERSION}.json`,
  );
}

async function readParsed(cacheFile: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as Manifest;
  } catch {
    return undefined; // absent or torn: parse the YAML
  }
}

/**
 * Keeps a manifest that passed, unless JSON cannot carry it exactly (YAML's .inf and .nan). No
 * fsync: a torn file fails to parse and is a miss. A failed write costs only a parse later.
 */
async function writeParsed(cacheFile: string, manifest: Manifest): Promise<void> {
  let exact = true;
  const json = JSON.stringify(manifest, (_key, value) => {
    if (typeof value === 'number' && !Number.isFinite(value)) exact = false;
    return value;
  });
  if (!exact) return;
  await writeFileAtomic(cacheFile, json, { fsync: false }).catch(() => undefined);
}

/** A locator that parses the manifest's YAML on first use. */
class LazyLocator implements ManifestLocator {
  private inner?: DocumentLocator;
  constructor(private readonly text: string) {}

  locate(at: (string | number)[], key?: string): { line: number; column: number } {
    if (!this.inner) {
      const { doc, lines } = parseYaml(this.text);
      this.inner = new DocumentLocator(doc, lines);
    }
    return this.inner.locate(at, key);
  }
}

function parseYaml(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  return { doc, lines };
}

/** Parses and validates manifest bytes. Pure: no I/O, so tests can feed it any text. */
export function parseManifestText(
  file: string,
  bytes: Buffer,
): { manifest: Manifest; file: string; locator: DocumentLocator } {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new InputError({
      file,
      message: `manifest is ${bytes.length} bytes; the limit is ${MAX_MANIFEST_BYTES}`,
    });
  }
  const text = decodeText(file, bytes);
  if (text.trim() === '') {
    throw new InputError({
      file,
      line: 1,
      column: 1,
      message: 'manifest is empty',
      hint: 'start from examples/basic/genops.yaml',
    });
  }

  const { doc, lines } = parseYaml(text);
  const locator = new DocumentLocator(doc, lines);
  if (doc.errors.length > 0) {
    // An unclosed quote or bracket is reported where it opened; what the parser says after it is noise.
    const unclosed = unclosedConstructs(text).map((u) => ({
      file,
      ...linePosOf(lines, u.offset),
      message: u.message,
    }));
    throw new InputError(unclosed.length ? unclosed : doc.errors.map((e) => yamlProblem(file, e, lines)));
  }
  const dangling = danglingAliases(doc).map((a) => ({
    file,
    ...linePosOf(lines, a.offset),
    message: a.message,
  }));
  if (dangling.length) throw new InputError(dangling);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new InputError({
      file,
      line: 1,
      column: 1,
      message: `YAML aliases expand too far (${(error as Error).message})`,
      hint: `use at most ${MAX_ALIAS_COUNT} alias expansions; repeat the values instead`,
    });
  }

  const validate = manifestValidator();
  if (!validate(data)) {
    const problems = (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => schemaProblem(file, e, locator));
    throw new InputError(dedupe(problems));
  }
  checkReferences(file, data, locator);
  return { manifest: data, file, locator };
}

function decodeText(file: string, bytes: Buffer): string {
  if (bytes.includes(0)) {
    throw new InputError({
      file,
      message: 'manifest is a binary file, not YAML text',
      hint: 'check the --manifest path',
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError({
      file,
      message: 'manifest is not valid UTF-8 text',
      hint: 'save the file as UTF-8',
    });
  }
}

function linePosOf(lines: LineCounter, offset: number): { line: number; column: number } {
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function yamlProblem(file: string, error: YAMLError, lines: LineCounter): InputProblem {
  const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return { file, line: pos.line, column: pos.col, message: `YAML syntax: ${firstLine}` };
}

function schemaProblem(file: string, error: SchemaError, locator: ManifestLocator): InputProblem {
  const at = parsePointer(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
    return {
      file,
      ...locator.locate(at, key),
      path: formatPath([...at, key]),
      message: `unknown key "${key}"`,
      hint: didYouMean(key, known),
    };
  }
  if (error.keyword === 'uniqueItems') {
    // At the repeated item, not at the list: the item is what to delete.
    const item = [...at, Math.max(Number(error.params.i), Number(error.params.j))];
    const first = Math.min(Number(error.params.i), Number(error.params.j));
    return {
      file,
      ...locator.locate(item),
      path: formatPath(item),
      message: `${JSON.stringify((error.data as unknown[])[first])} is listed twice (also item ${first})`,
      hint: 'remove the repeated item',
    };
  }
  const where = { file, ...locator.locate(at), path: formatPath(at) || '(top level)' };
  switch (error.keyword) {
    case 'required':
      return { ...where, message: `missing required key "${error.params.missingProperty}"` };
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const special = UNSUPPORTED_GENERATORS[String(error.data).toLowerCase()];
      return {
        ...where,
        message: `${JSON.stringify(error.data)} is not allowed`,
        hint: special ?? didYouMean(String(error.data), allowed),
      };
    }
    case 'const':
      return { ...where, message: `must be ${JSON.stringify(error.params.allowedValue)}` };
    case 'pattern':
      if (at[at.length - 1] === 'model' && /^(models\/)?imagen-/.test(String(error.data)))
        return { ...where, message: `${JSON.stringify(error.data)}: ${IMAGEN_WITHDRAWN}` };
      return { ...where, message: `${JSON.stringify(error.data)} ${describePattern(at)}` };
    case 'type':
      return { ...where, message: `expected ${error.params.type}, got ${typeName(error.data)}` };
    case 'not':
      // The schema's one `not`: a server named twice (a pool and a single address).
      return {
        ...where,
        message: 'names its server twice: urls (a pool) and baseUrl (or url, its old name)',
        hint: 'keep one of them',
      };
    default:
      return { ...where, message: error.message ?? `fails ${error.keyword}` };
  }
}

function describePattern(at: (string | number)[]): string {
  const last = at[at.length - 1];
  if (last === 'size') return 'is not a size: write WIDTHxHEIGHT, e.g. 1024x768';
  if (last === 'id') {
    return 'is not a valid asset id: use lower-case letters, digits, - _ . and /, with no ".." (ids name output files)';
  }
  if (last === 'alias') return 'is not a safe alias path: no "..", no leading "/"';
  return 'has characters that are not allowed here';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value;
}

function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const id = `${p.line}:${p.column}:${p.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Names that the schema cannot check: styles and generators an asset refers to must exist. */
function checkReferences(file: string, manifest: Manifest, locator: ManifestLocator): void {
  const problems: InputProblem[] = [];
  const styles = Object.keys(manifest.styles ?? {});
  const generators = [...new Set(['procedural', ...Object.keys(manifest.generators ?? {})])];
  const checkStyles = (names: string[] | undefined, at: (string | number)[]) =>
    names?.forEach((name, i) => {
      if (!styles.includes(name)) {
        problems.push({
          file,
          ...locator.locate([...at, i]),
          path: formatPath([...at, i]),
          message: `unknown style "${name}"`,
          hint: styles.length ? didYouMean(name, styles) : 'define it under `styles:`',
        });
      }
    });
  const checkGenerator = (name: string | undefined, at: (string | number)[]) => {
    if (name !== undefined && !generators.includes(name)) {
      problems.push({
        file,
        ...locator.locate(at),
        path: formatPath(at),
        message: `unknown generator "${name}"`,
        hint: didYouMean(name, generators),
      });
    }
  };
  checkStyles(manifest.defaults?.styles, ['defaults', 'styles']);
  checkGenerator(manifest.defaults?.generator, ['defaults', 'generator']);
  manifest.assets.forEach((asset, i) => {
    checkStyles(asset.styles, ['assets', i, 'styles']);
    checkGenerator(asset.generator, ['assets', i, 'generator']);
  });
  if (problems.length) throw new InputError(problems);
}
