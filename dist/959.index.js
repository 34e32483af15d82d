export const id = 959;
export const ids = [959];
export const modules = {

/***/ 54959:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   compareWithPrevious: () => (/* binding */ compareWithPrevious)
/* harmony export */ });
/* unused harmony exports DEFAULT_UNCHANGED_SSIM, DEFAULT_UNCHANGED_LOCAL_SSIM, LOCAL_BLOCK, DEFAULT_PIXEL_TOLERANCE, ssimMap, ssimSummary, ssim, minBlockSsim, diffImage */
/* harmony import */ var sharp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42482);
/* harmony import */ var _core_image_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32462);
/* harmony import */ var _grey_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97792);
/* harmony import */ var _kernel_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1809);
/**
 * An asset against its previous approved version: SSIM on shrunk greyscale images of the same size,
 * a diff image for the reviewer, and a verdict.
 *
 * SSIM is Wang et al. (2004) as scikit-image computes it by default: a uniform 7×7 window, sample
 * covariance, K1 = 0.01, K2 = 0.03, L = 255, averaged over the positions where the window fits (no
 * padding). (Wang's reference code uses an 11×11 Gaussian; for the near-identical pairs this
 * verdict is about, the uniform window gave values within a few thousandths of it here, and with
 * sliding box sums it costs a fraction.)
 * Both images are first reduced to grey thumbnails: luma averaged over whole blocks of the full
 * decode, at most 256 px on the longer side (grey.ts); a thumbnail of another size is resized by
 * area to the current one's.
 *
 * Verdict: no previous version → `new`; aspect ratio changed (by more than 1 %) → `changed`;
 * `unchanged` when the mean SSIM is ≥ 0.98 AND no 32×32 block of the SSIM map averages below 0.90;
 * else `changed`. The mean alone misses local edits (repainting 2 % of the area still leaves a mean
 * of 0.984), the block minimum catches them (0.54 at 2 %, 0.72 at 0.25 % of the area). Lossy
 * re-encoding of the same picture keeps the mean ≥ 0.995 and every block ≥ 0.99 on a smooth
 * picture (JPEG q50–90, WebP q70–86), and ≥ 0.982 / 0.98 on fine grain (JPEG q60–90, WebP q70–86;
 * JPEG q50 of σ = 20 Gaussian grain falls to 0.979); a 5 % brightness shift keeps ≥ 0.994 / 0.98.
 * Measured on 1024² images; tests/validators/change.test.ts and tests/layers/qa-gates.test.ts pin
 * both sides.
 */




const DEFAULT_UNCHANGED_SSIM = 0.98;
/** Lowest block mean of the SSIM map still counted as unchanged. */
const DEFAULT_UNCHANGED_LOCAL_SSIM = 0.9;
/** Block side, in SSIM-map positions (1/8 of the 256-px comparison image). */
const LOCAL_BLOCK = 32;
/** A pixel whose grey level moved more than this (of 255) is painted as changed in the diff. */
const DEFAULT_PIXEL_TOLERANCE = 16;
/** Side of the uniform window (scikit-image's default). */
const WINDOW = 7;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;
/**
 * The SSIM map of two greyscale images of the same size (0–255 values), at every position where
 * the window fits. Column sums slide down one row at a time and row sums slide along them, so
 * each position costs the same whatever the window size, and only five rows of sums are kept.
 * For images smaller than the window, the window shrinks to the shorter side. With `scratch` (at
 * least as long as the map) the map is written into it instead of new memory.
 */
function ssimMap(a, b, scratch) {
    if (a.width !== b.width || a.height !== b.height) {
        throw new Error(`SSIM needs images of one size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
    }
    const { width: w, height: h } = a;
    const n = Math.min(WINDOW, w, h);
    const ow = w - n + 1;
    const oh = h - n + 1;
    const data = scratch ? scratch.subarray(0, ow * oh) : new Float64Array(ow * oh);
    if (kernelSsimMap(a, b, n, data))
        return { data, width: ow, height: oh };
    // Sums of x, y, x², y², xy over the window's n rows, for every column.
    const columns = {
        x: new Float64Array(w),
        y: new Float64Array(w),
        xx: new Float64Array(w),
        yy: new Float64Array(w),
        xy: new Float64Array(w),
    };
    for (let y = 0; y < h; y++) {
        addRow(columns, a.data, b.data, y * w, w);
        if (y >= n)
            removeRow(columns, a.data, b.data, (y - n) * w, w);
        if (y >= n - 1)
            ssimRow(columns, n, w, data, (y - n + 1) * ow);
    }
    return { data, width: ow, height: oh };
}
/**
 * The map through the kernel (kernel.wat), for thumbnails of whole grey levels (bytes): the same
 * numbers as ssimRow's, four positions at a time. False for other images (a resized thumbnail),
 * without the kernel, or when its memory cannot hold the work.
 */
function kernelSsimMap(a, b, n, out) {
    const made = mapInKernel(a, b, n, 0);
    if (!made)
        return false;
    out.set(new Float64Array(made.memory, made.map, out.length));
    return true;
}
/**
 * The SSIM map made in the kernel's memory (see kernelSsimMap), with `after` more bytes of room
 * past it; undefined where kernelSsimMap gives false. Valid until the kernel's next use.
 */
function mapInKernel(a, b, n, after) {
    const { width: w, height: h } = a;
    const stride = (w + 7) & ~3;
    const columns = 2 * (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(w * h);
    const map = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(columns + stride * 4 * 5);
    // 32 bytes of slack: the last row's last group of four may write past the map.
    const end = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(map + (w - n + 1) * (h - n + 1) * 8 + 32);
    const staged = pairInKernel(a, b, end + after);
    if (!staged)
        return;
    const { c1, c2 } = scaledConstants(n * n);
    staged.kernel.ssimMap(0, staged.second, w, h, n, columns, stride, map, c1, c2);
    return { ...staged, map, end };
}
/**
 * Two grey images of one size and whole levels (bytes) copied into the kernel's memory, the first
 * at 0 and the second at `second` (both 16-aligned, so the second ends by 2 × `second`), with room
 * up to `bytes`; undefined when either holds fractions, without the kernel, or when it cannot grow.
 */
function pairInKernel(a, b, bytes) {
    const kernel = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .pixelKernel */ .Sf)();
    if (!kernel || !(a.data instanceof Uint8Array) || !(b.data instanceof Uint8Array))
        return;
    const second = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(a.width * a.height);
    const memory = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .kernelMemory */ .t9)(kernel, Math.max(bytes, 2 * second));
    if (!memory)
        return;
    const view = new Uint8Array(memory);
    view.set(a.data, 0);
    view.set(b.data, second);
    return { kernel, memory, second };
}
/**
 * The mean SSIM and the lowest block mean (minBlockSsim) of two images of one size: in the
 * kernel, without the map leaving its memory, for thumbnails of whole grey levels; else from
 * the map in scratch memory.
 */
function ssimSummary(a, b, block) {
    if (a.width === b.width && a.height === b.height) {
        const n = Math.min(WINDOW, a.width, a.height);
        const [ow, oh] = [a.width - n + 1, a.height - n + 1];
        const made = mapInKernel(a, b, n, (ow + 1) * (oh + 1) * 8 + 16);
        if (made) {
            const integral = made.end;
            const out = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(integral + (ow + 1) * (oh + 1) * 8);
            made.kernel.ssimSummary(made.map, ow, oh, block, integral, out);
            const [mean, local] = new Float64Array(made.memory, out, 2);
            return { mean, local };
        }
    }
    const map = ssimMap(a, b, scratchOf('map', a.width * a.height));
    return { mean: ssimMean(map), local: minBlockSsim(map, block) };
}
/** C1 and C2 multiplied through by N² and N·max(N − 1, 1), for a window of N pixels (see ssimRow). */
function scaledConstants(count) {
    return { c1: C1 * count * count, c2: C2 * count * Math.max(count - 1, 1) };
}
/** Adds the row of both images starting at `start` to the column sums (the row entering the window). */
function addRow(c, X, Y, start, w) {
    const { x: cx, y: cy, xx: cxx, yy: cyy, xy: cxy } = c;
    for (let x = 0; x < w; x++) {
        const xv = X[start + x];
        const yv = Y[start + x];
        cx[x] = cx[x] + xv;
        cy[x] = cy[x] + yv;
        cxx[x] = cxx[x] + xv * xv;
        cyy[x] = cyy[x] + yv * yv;
        cxy[x] = cxy[x] + xv * yv;
    }
}
/** Takes the row starting at `start` back out of the column sums (the row leaving the window). */
function removeRow(c, X, Y, start, w) {
    const { x: cx, y: cy, xx: cxx, yy: cyy, xy: cxy } = c;
    for (let x = 0; x < w; x++) {
        const xv = X[start + x];
        const yv = Y[start + x];
        cx[x] = cx[x] - xv;
        cy[x] = cy[x] - yv;
        cxx[x] = cxx[x] - xv * xv;
        cyy[x] = cyy[x] - yv * yv;
        cxy[x] = cxy[x] - xv * yv;
    }
}
/**
 * One row of the SSIM map into `data` from `out` on: the n×n window sums slide along the column
 * sums, adding the column that enters and dropping the one that leaves.
 */
function ssimRow(c, n, w, data, out) {
    const { x: cx, y: cy, xx: cxx, yy: cyy, xy: cxy } = c;
    const count = n * n;
    // Wang's formula with sample covariance (scikit-image's default), multiplied through by N² and
    // N(N − 1) so that every term but the constants is an exact integer for whole grey levels: the
    // kernel computes it in the same order and gives the same bits.
    const { c1, c2 } = scaledConstants(count);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let x = 0; x < n - 1; x++) {
        sx += cx[x];
        sy += cy[x];
        sxx += cxx[x];
        syy += cyy[x];
        sxy += cxy[x];
    }
    for (let x = n - 1; x < w; x++) {
        sx += cx[x];
        sy += cy[x];
        sxx += cxx[x];
        syy += cyy[x];
        sxy += cxy[x];
        const ab = sx * sy;
        const means = 2 * ab + c1;
        const covariance = 2 * (count * sxy - ab) + c2;
        const squares = sx * sx + sy * sy + c1;
        const variances = count * sxx - sx * sx + (count * syy - sy * sy) + c2;
        data[out + x - n + 1] = (means * covariance) / (squares * variances);
        const first = x - n + 1;
        sx -= cx[first];
        sy -= cy[first];
        sxx -= cxx[first];
        syy -= cyy[first];
        sxy -= cxy[first];
    }
}
/** Mean SSIM (Wang et al.'s MSSIM). */
function ssim(a, b) {
    return ssimMean(ssimMap(a, b));
}
function ssimMean(map) {
    let total = 0;
    for (let i = 0; i < map.data.length; i++)
        total += map.data[i];
    return total / map.data.length;
}
/**
 * The lowest mean of the SSIM map over square blocks of `block` positions (stride block/2): a small
 * repainted region hardly moves the global mean but drives its block's mean down.
 */
function minBlockSsim(map, block) {
    const size = Math.min(block, map.width, map.height);
    const stride = Math.max(1, Math.floor(size / 2));
    // Integral image for O(1) block sums, in memory kept between calls (it never leaves this function).
    const W = map.width + 1;
    const sums = scratchOf('integral', W * (map.height + 1));
    sums.fill(0, 0, W);
    for (let y = 1; y <= map.height; y++)
        sums[y * W] = 0;
    for (let y = 0; y < map.height; y++) {
        for (let x = 0; x < map.width; x++) {
            sums[(y + 1) * W + x + 1] =
                map.data[y * map.width + x] +
                    sums[y * W + x + 1] +
                    sums[(y + 1) * W + x] -
                    sums[y * W + x];
        }
    }
    let min = Number.POSITIVE_INFINITY;
    const starts = (extent) => {
        const list = [];
        for (let p = 0; p + size <= extent; p += stride)
            list.push(p);
        if ((list.at(-1) ?? 0) + size < extent)
            list.push(extent - size);
        return list;
    };
    for (const y of starts(map.height)) {
        for (const x of starts(map.width)) {
            const sum = sums[(y + size) * W + x + size] -
                sums[y * W + x + size] -
                sums[(y + size) * W + x] +
                sums[y * W + x];
            min = Math.min(min, sum / (size * size));
        }
    }
    return min;
}
/**
 * Float64 scratch memory kept per use and grown as needed: a map and an integral image per
 * comparison are 1 MB at 256², and allocating them each time (with the diff's pixels) made V8's
 * marking threads a fifth of a 300-asset changed QA's CPU (perf, 2 cores).
 */
const scratch = new Map();
function scratchOf(use, length) {
    let memory = scratch.get(use);
    if (!memory || memory.length < length) {
        memory = new Float64Array(length);
        scratch.set(use, memory);
    }
    return memory;
}
/** Each grey level washed out to the diff image's light grey (160–255). */
const WASHED = Uint8Array.from({ length: 256 }, (_, c) => Math.round(160 + (c * 95) / 255));
/**
 * A PNG the size of the comparison images: the current image washed out to light grey, with
 * every pixel that moved more than `tolerance` painted red.
 */
async function diffImage(current, previous, tolerance = DEFAULT_PIXEL_TOLERANCE) {
    const { width: w, height: h } = current;
    // Zeroed: a changed pixel needs only its red byte.
    const rgb = Buffer.alloc(w * h * 3);
    const { changed, left, top, right, bottom } = kernelDiffPixels(current, previous, tolerance, rgb) ?? diffPixels(current, previous, tolerance, rgb);
    // Fast deflate: level 3 without adaptive filtering costs about half the default's time on noisy
    // pictures (6 ms vs 10 ms at 256², measured) for a file a few per cent larger.
    const png = await (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(rgb, { raw: { width: w, height: h, channels: 3 } })
        .png({ compressionLevel: 3, adaptiveFiltering: false })
        .toBuffer();
    (0,_core_image_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseNow */ .U)(rgb);
    const region = { fraction: changed / (w * h) };
    if (changed)
        region.box = { left, top, width: right - left + 1, height: bottom - top + 1 };
    return { png, region };
}
/** The diff picture's pixels into `rgb` (zeroed) in JavaScript: the kernel's reference and fallback. */
function diffPixels(current, previous, tolerance, rgb) {
    const { width: w, height: h, data: now } = current;
    const { data: before } = previous;
    const moved = { changed: 0, left: w, top: h, right: -1, bottom: -1 };
    for (let y = 0; y < h; y++) {
        let rowLeft = -1;
        let rowRight = -1;
        for (let x = 0, i = y * w; x < w; x++, i++) {
            const c = now[i];
            const change = c - before[i];
            if (change > tolerance || change < -tolerance) {
                rgb[i * 3] = 255;
                moved.changed++;
                if (rowLeft < 0)
                    rowLeft = x;
                rowRight = x;
            }
            else {
                // Whole grey levels (thumbnails) from the table, fractions (resized images) computed.
                const v = WASHED[c] ?? Math.round(160 + (c * 95) / 255);
                rgb[i * 3] = v;
                rgb[i * 3 + 1] = v;
                rgb[i * 3 + 2] = v;
            }
        }
        if (rowLeft >= 0) {
            moved.left = Math.min(moved.left, rowLeft);
            moved.right = Math.max(moved.right, rowRight);
            if (moved.bottom < 0)
                moved.top = y;
            moved.bottom = y;
        }
    }
    return moved;
}
/**
 * The same through the kernel, eight pixels at a time, for two thumbnails of whole grey levels
 * and a whole-number tolerance; undefined otherwise, or without the kernel.
 */
function kernelDiffPixels(current, previous, tolerance, rgb) {
    if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 255)
        return;
    const { width: w, height: h } = current;
    const out = 2 * (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(w * h);
    const box = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_3__/* .align16 */ .vD)(out + w * h * 3);
    const staged = pairInKernel(current, previous, box + 20);
    if (!staged)
        return;
    const { kernel, memory, second } = staged;
    kernel.diffPixels(0, second, w, h, tolerance, out, box);
    rgb.set(new Uint8Array(memory, out, w * h * 3));
    const [changed, left, top, right, bottom] = new Int32Array(memory, box, 5);
    return { changed, left, top, right, bottom };
}
/** The grey thumbnail of a decode, or the thumbnail itself (e.g. from the QA layer's cache). */
function thumbnailOf(image) {
    return 'channels' in image ? (0,_grey_js__WEBPACK_IMPORTED_MODULE_2__/* .greyThumbnail */ .cC)(image) : image;
}
/**
 * Compares the current image with the previous approved one (undefined when there is none). Each
 * side is a decode (any size: its grey thumbnail is taken) or a grey thumbnail already made.
 */
async function compareWithPrevious(current, previous, options = {}) {
    const threshold = options.unchangedSsim ?? DEFAULT_UNCHANGED_SSIM;
    const localThreshold = options.unchangedLocalSsim ?? DEFAULT_UNCHANGED_LOCAL_SSIM;
    const thresholdText = `unchanged: SSIM ≥ ${threshold} and every block ≥ ${localThreshold}`;
    const base = { id: 'similarity.previous', passed: true, severity: 'info' };
    if (!previous) {
        return {
            verdict: 'new',
            check: { ...base, value: 'new', threshold: thresholdText, reason: 'no previous approved version' },
        };
    }
    const ratioNow = current.width / current.height;
    const ratioBefore = previous.width / previous.height;
    if (Math.abs(ratioNow / ratioBefore - 1) > 0.01) {
        return {
            verdict: 'changed',
            check: {
                ...base,
                value: 'aspect ratio changed',
                threshold: thresholdText,
                reason: `shape changed from ${previous.width}×${previous.height} to ${current.width}×${current.height} (compared sizes)`,
            },
        };
    }
    const a = thumbnailOf(current);
    // Same aspect (within 1 %), so the thumbnails agree in size but for rounding; match exactly.
    const b = (0,_grey_js__WEBPACK_IMPORTED_MODULE_2__/* .resizeArea */ .oF)(thumbnailOf(previous), a.width, a.height);
    // The map stays in the kernel's or scratch memory: only its mean and block minimum leave.
    const { mean: score, local } = ssimSummary(a, b, LOCAL_BLOCK);
    const verdict = score >= threshold && local >= localThreshold ? 'unchanged' : 'changed';
    const result = {
        verdict,
        ssim: score,
        localSsim: local,
        check: {
            ...base,
            value: Math.round(score * 10_000) / 10_000,
            threshold: thresholdText,
            reason: `${verdict} since the previous approved version (SSIM ${score.toFixed(4)}, lowest block ${local.toFixed(3)})`,
        },
    };
    if (verdict === 'changed' && options.diff !== false) {
        const { png, region } = await diffImage(a, b, options.tolerance);
        result.diffPng = png;
        result.region = region;
        if (result.check.reason)
            result.check.reason += `; ${(region.fraction * 100).toFixed(1)} % of pixels moved`;
    }
    return result;
}


/***/ })

};
