/**
 * The WebAssembly pixel kernel (kernel.wat): instantiated once, on first use, from the base64 bytes
 * in kernel.generated.ts. Callers copy their pixels into its memory (`stagePixels`), call a
 * function, and read the results back. Where WebAssembly SIMD is unavailable `pixelKernel()` gives null, and the callers
 * run their JavaScript loops, which compute the same numbers.
 */
import { PIXEL_KERNEL_WASM } from './kernel.generated.js';

export interface PixelKernel {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  thumbnail(
    src: number,
    pixels: number,
    rows: number,
    channels: number,
    factor: number,
    acc: number,
    out: number,
    flags: number,
  ): void;
  boxMeans(
    src: number,
    pixels: number,
    rows: number,
    channels: number,
    factor: number,
    acc: number,
    out: number,
  ): void;
  sampleSums(
    src: number,
    rowBytes: number,
    rows: number,
    samples: number,
    pixelStride: number,
    channels: number,
    lumaOut: number,
    sumsOut: number,
  ): void;
  laplacianNoise(luma: number, width: number, height: number, out: number): void;
  ssimSummary(map: number, width: number, height: number, block: number, integral: number, out: number): void;
  diffPixels(
    a: number,
    b: number,
    width: number,
    height: number,
    tolerance: number,
    out: number,
    box: number,
  ): void;
  ssimMap(
    a: number,
    b: number,
    width: number,
    height: number,
    window: number,
    columns: number,
    stride: number,
    out: number,
    c1: number,
    c2: number,
  ): void;
}

/** The part of the WebAssembly API used here (the project's TypeScript libs leave it out). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

let instance: PixelKernel | null | undefined;

export function pixelKernel(): PixelKernel | null {
  if (instance === undefined) {
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      instance = new wasm.Instance(new wasm.Module(Buffer.from(PIXEL_KERNEL_WASM, 'base64')))
        .exports as PixelKernel;
    } catch {
      instance = null;
    }
  }
  return instance;
}

/** Whether the kernel runs here (else the JavaScript loops do the same work). */
export function hasPixelKernel(): boolean {
  return pixelKernel() !== null;
}

/** Rounds a byte offset up to 16, for SIMD loads and stores. */
export const align16 = (n: number): number => (n + 15) & ~15;

/**
 * Grows the kernel's memory to at least `bytes`; the returned buffer is valid until the next
 * growth. Undefined when it cannot grow (WebAssembly memory stops at 4 GB): the caller then runs
 * its JavaScript loop.
 */
export function kernelMemory(kernel: PixelKernel, bytes: number): ArrayBuffer | undefined {
  const pages = Math.ceil((bytes - kernel.memory.buffer.byteLength) / 65_536);
  try {
    if (pages > 0) kernel.memory.grow(pages);
  } catch {
    return undefined;
  }
  return kernel.memory.buffer;
}

/**
 * A decode copied to the start of the kernel's memory, so that several passes (the aesthetic sums,
 * the grey thumbnail) read one copy: copying the 3 MB of a 1024² decode cost as much as a pass.
 * Valid until the kernel is next used for other pixels: take it, use it and drop it within one
 * synchronous stretch. `scratch` is where the passes' own buffers may start.
 */
export interface StagedPixels {
  kernel: PixelKernel;
  data: Uint8Array;
  scratch: number;
}

/** Copies `data` into the kernel's memory; undefined without the kernel or when it cannot hold it. */
export function stagePixels(data: Uint8Array): StagedPixels | undefined {
  const kernel = pixelKernel();
  if (!kernel) return undefined;
  const scratch = align16(data.length);
  const memory = kernelMemory(kernel, scratch);
  if (!memory) return undefined;
  new Uint8Array(memory).set(data, 0);
  return { kernel, data, scratch };
}

/**
 * Largest block side the block passes (grey thumbnail, review picture) run in the kernel with:
 * their 16-bit column sums and exact divisions hold it (images up to 16 384 px a side at 256).
 */
export const MAX_KERNEL_FACTOR = 64;

/**
 * The decode in the kernel's memory for a block pass of `factor`: the copy the caller staged when
 * it is of these pixels, else a new copy; undefined when the kernel is turned off, the factor is
 * over MAX_KERNEL_FACTOR or the memory cannot hold it (the pass then runs its JavaScript loop).
 */
export function stagedForBlocks(
  data: Uint8Array,
  factor: number,
  options: { kernel?: boolean; staged?: StagedPixels },
): StagedPixels | undefined {
  if (options.kernel === false || factor > MAX_KERNEL_FACTOR) return undefined;
  return options.staged?.data === data ? options.staged : stagePixels(data);
}
