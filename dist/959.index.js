export const id = 959;
export const ids = [959];
export const modules = {

/***/ 54959:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   compareWithPrevious: () => (/* binding */ compareWithPrevious)
/* harmony export */ });
/* unused harmony exports DEFAULT_UNCHANGED_SSIM, DEFAULT_UNCHANGED_LOCAL_SSIM, LOCAL_BLOCK, COMPARE_SIDE, DEFAULT_PIXEL_TOLERANCE, ssimMap, ssim, minBlockSsim, diffImage */
/* harmony import */ var sharp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42482);
/* harmony import */ var _grey_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(97792);
/**
 * An asset against its previous approved version: SSIM on shrunk greyscale images of the same size,
 * a diff image for the reviewer, and a verdict.
 *
 * SSIM is Wang et al. (2004) as scikit-image computes it by default: a uniform 7×7 window, sample
 * covariance, K1 = 0.01, K2 = 0.03, L = 255, averaged over the positions where the window fits (no
 * padding). (Wang's reference code uses an 11×11 Gaussian; for the near-identical pairs this
 * verdict is about, the uniform window gave values within a few thousandths of it here, and with
 * sliding box sums it costs a fraction.)
 * Both images are first shrunk by area averaging to the same size, at most 256 px on the longer
 * side, in the current image's aspect.
 *
 * Verdict: no previous version → `new`; aspect ratio changed (by more than 1 %) → `changed`;
 * `unchanged` when the mean SSIM is ≥ 0.98 AND no 32×32 block of the SSIM map averages below 0.90;
 * else `changed`. The mean alone misses local edits (repainting 2 % of the area still leaves a mean
 * of ≈ 0.98), the block minimum catches them (≤ 0.78 down to 0.25 % of the area), while lossy
 * re-encoding of the same picture (JPEG q50–90, WebP q70) keeps the mean ≥ 0.995 and every block
 * ≥ 0.99, and a 5 % brightness shift keeps ≥ 0.995 / 0.97. Measured on 1024² images shrunk to
 * 512 then 256; tests/validators/change.test.ts pins both sides.
 */


const DEFAULT_UNCHANGED_SSIM = 0.98;
/** Lowest block mean of the SSIM map still counted as unchanged. */
const DEFAULT_UNCHANGED_LOCAL_SSIM = 0.9;
/** Block side, in SSIM-map positions (1/8 of the 256-px comparison image). */
const LOCAL_BLOCK = 32;
/** Longer side of the comparison images (the shared grey thumbnail). */
const COMPARE_SIDE = (/* unused pure expression or super */ null && (THUMBNAIL_SIDE));
/** A pixel whose grey level moved more than this (of 255) is painted as changed in the diff. */
const DEFAULT_PIXEL_TOLERANCE = 16;
/** Side of the uniform window (scikit-image's default). */
const WINDOW = 7;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;
/**
 * The SSIM map of two greyscale images of the same size (0–255 values), at every position where
 * the window fits. Box sums slide along rows and then down columns, so each position costs the
 * same whatever the window size. For images smaller than the window, the window shrinks to the
 * shorter side.
 */
function ssimMap(a, b) {
    if (a.width !== b.width || a.height !== b.height) {
        throw new Error(`SSIM needs images of one size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
    }
    const { width: w, height: h } = a;
    const n = Math.min(WINDOW, w, h);
    const ow = w - n + 1;
    const oh = h - n + 1;
    const count = n * n;
    // Sample (not population) covariance, as scikit-image's default.
    const unbias = count > 1 ? count / (count - 1) : 1;
    const X = a.data;
    const Y = b.data;
    // Horizontal box sums of x, y, x², y², xy for the last n rows, in a ring; the vertical sums
    // slide down by adding the row that enters and removing the one it overwrites.
    const ring = Array.from({ length: 5 }, () => new Float64Array(n * ow));
    const [hx, hy, hxx, hyy, hxy] = ring;
    const vert = Array.from({ length: 5 }, () => new Float64Array(ow));
    const [vx, vy, vxx, vyy, vxy] = vert;
    const data = new Float64Array(ow * oh);
    for (let y = 0; y < h; y++) {
        const slot = (y % n) * ow;
        if (y >= n) {
            for (let x = 0; x < ow; x++) {
                vx[x] = vx[x] - hx[slot + x];
                vy[x] = vy[x] - hy[slot + x];
                vxx[x] = vxx[x] - hxx[slot + x];
                vyy[x] = vyy[x] - hyy[slot + x];
                vxy[x] = vxy[x] - hxy[slot + x];
            }
        }
        let sx = 0;
        let sy = 0;
        let sxx = 0;
        let syy = 0;
        let sxy = 0;
        const row = y * w;
        for (let x = 0; x < w; x++) {
            const xv = X[row + x];
            const yv = Y[row + x];
            sx += xv;
            sy += yv;
            sxx += xv * xv;
            syy += yv * yv;
            sxy += xv * yv;
            if (x >= n) {
                const xo = X[row + x - n];
                const yo = Y[row + x - n];
                sx -= xo;
                sy -= yo;
                sxx -= xo * xo;
                syy -= yo * yo;
                sxy -= xo * yo;
            }
            if (x >= n - 1) {
                const i = slot + x - n + 1;
                hx[i] = sx;
                hy[i] = sy;
                hxx[i] = sxx;
                hyy[i] = syy;
                hxy[i] = sxy;
                const c = x - n + 1;
                vx[c] = vx[c] + sx;
                vy[c] = vy[c] + sy;
                vxx[c] = vxx[c] + sxx;
                vyy[c] = vyy[c] + syy;
                vxy[c] = vxy[c] + sxy;
            }
        }
        if (y < n - 1)
            continue;
        const out = (y - n + 1) * ow;
        for (let x = 0; x < ow; x++) {
            const ux = vx[x] / count;
            const uy = vy[x] / count;
            const varX = (vxx[x] / count - ux * ux) * unbias;
            const varY = (vyy[x] / count - uy * uy) * unbias;
            const cov = (vxy[x] / count - ux * uy) * unbias;
            data[out + x] = ((2 * ux * uy + C1) * (2 * cov + C2)) / ((ux * ux + uy * uy + C1) * (varX + varY + C2));
        }
    }
    return { data, width: ow, height: oh };
}
/** Mean SSIM (Wang et al.'s MSSIM). */
function ssim(a, b) {
    const map = ssimMap(a, b);
    let total = 0;
    for (const v of map.data)
        total += v;
    return total / map.data.length;
}
/**
 * The lowest mean of the SSIM map over square blocks of `block` positions (stride block/2): a small
 * repainted region hardly moves the global mean but drives its block's mean down.
 */
function minBlockSsim(map, block) {
    const size = Math.min(block, map.width, map.height);
    const stride = Math.max(1, Math.floor(size / 2));
    // Integral image for O(1) block sums.
    const W = map.width + 1;
    const sums = new Float64Array(W * (map.height + 1));
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
 * A PNG the size of the comparison images: the current image washed out to light grey, with
 * every pixel that moved more than `tolerance` painted red.
 */
async function diffImage(current, previous, tolerance = DEFAULT_PIXEL_TOLERANCE) {
    const { width: w, height: h } = current;
    const rgb = Buffer.alloc(w * h * 3);
    let changed = 0;
    let left = w;
    let top = h;
    let right = -1;
    let bottom = -1;
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
            const i = y * w + x;
            const c = current.data[i];
            if (Math.abs(c - previous.data[i]) > tolerance) {
                rgb[i * 3] = 255;
                rgb[i * 3 + 1] = 0;
                rgb[i * 3 + 2] = 0;
                changed++;
                left = Math.min(left, x);
                right = Math.max(right, x);
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
            }
            else {
                const v = Math.round(160 + (c * 95) / 255);
                rgb[i * 3] = v;
                rgb[i * 3 + 1] = v;
                rgb[i * 3 + 2] = v;
            }
        }
    }
    const png = await (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(rgb, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toBuffer();
    const region = { fraction: changed / (w * h) };
    if (changed)
        region.box = { left, top, width: right - left + 1, height: bottom - top + 1 };
    return { png, region };
}
/** Compares the current image with the previous approved one (undefined when there is none). */
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
                reason: `shape changed from ${previous.width}×${previous.height} to ${current.width}×${current.height} (shrunk sizes)`,
            },
        };
    }
    const a = (0,_grey_js__WEBPACK_IMPORTED_MODULE_1__/* .greyThumbnail */ .cC)(current);
    // Same aspect (within 1 %), so the thumbnails agree in size but for rounding; match exactly.
    const b = (0,_grey_js__WEBPACK_IMPORTED_MODULE_1__/* .resizeArea */ .oF)((0,_grey_js__WEBPACK_IMPORTED_MODULE_1__/* .greyThumbnail */ .cC)(previous), a.width, a.height);
    const map = ssimMap(a, b);
    const score = map.data.reduce((t, v) => t + v, 0) / map.data.length;
    const local = minBlockSsim(map, LOCAL_BLOCK);
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
