export const id = 788;
export const ids = [788];
export const modules = {

/***/ 97792:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cC: () => (/* binding */ greyThumbnail),
/* harmony export */   oF: () => (/* binding */ resizeArea)
/* harmony export */ });
/* unused harmony export THUMBNAIL_SIDE */
/* harmony import */ var _kernel_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1809);

/** Longer side of the grey thumbnail the hash and the SSIM comparison share. */
const THUMBNAIL_SIDE = 256;
const thumbnails = new WeakMap();
/**
 * The luma of `image` averaged over whole f×f blocks, f = ⌈longer side / 256⌉, so the result fits
 * within 256 px (blocks on the right and bottom edges may be narrower; each is the mean of the
 * pixels it has). Values are rounded to whole grey levels, so a thumbnail kept as bytes (the QA
 * layer's thumbnail cache) equals the one just computed. Made once per RawImage object: the
 * perceptual hash and the SSIM comparison of the same image share it. Treat RawImages and the
 * result as immutable.
 *
 * Every pixel counts (a sparser sample let JPEG and WebP re-encodes of fine texture look changed),
 * so the sums run in the SIMD WebAssembly kernel (kernel.wat) where it loads, with
 * integer BT.601 weights; the JavaScript loop below is the reference and the fallback. `staged`:
 * the image's pixels already in the kernel's memory (measure.ts shares one copy with the
 * aesthetic sums).
 */
function greyThumbnail(image, options = {}) {
    const cached = thumbnails.get(image);
    if (cached)
        return cached;
    const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / THUMBNAIL_SIDE));
    const width = Math.ceil(image.width / factor);
    const height = Math.ceil(image.height / factor);
    const thumb = { data: new Uint8Array(width * height), width, height };
    const staged = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_0__/* .stagedForBlocks */ .S6)(image.data, factor, options);
    if (!staged || !kernelBlockMeans(staged, image, factor, thumb))
        for (let oy = 0; oy < height; oy++)
            blockRowMeans(image, factor, oy, thumb);
    thumbnails.set(image, thumb);
    return thumb;
}
/**
 * Row `oy` of the thumbnail in plain JavaScript: luma ×1000 (BT.601 integer weights) summed over
 * each block, then each block's mean, rounded. Transparency is composited onto white:
 * (a·Y + (255 − a)·255) / 255, the division left to the mean.
 */
function blockRowMeans(image, factor, oy, thumb) {
    const { data, channels, width: sw, height: sh } = image;
    const { width } = thumb;
    // Float64 sums stay exact integers (×1000, or ×255 000 with alpha) far past any block size.
    const sums = new Float64Array(width);
    const lastWidth = sw - (width - 1) * factor;
    const y0 = oy * factor;
    const y1 = Math.min(sh, y0 + factor);
    for (let y = y0; y < y1; y++) {
        let p = y * sw * channels;
        for (let ox = 0; ox < width; ox++) {
            const n = ox === width - 1 ? lastWidth : factor;
            let s = 0;
            if (channels === 3) {
                for (let k = 0; k < n; k++, p += 3)
                    s += 299 * data[p] + 587 * data[p + 1] + 114 * data[p + 2];
            }
            else {
                for (let k = 0; k < n; k++, p += 4) {
                    const a = data[p + 3];
                    const y1000 = 299 * data[p] + 587 * data[p + 1] + 114 * data[p + 2];
                    s += a * y1000 + (255 - a) * 255_000;
                }
            }
            sums[ox] = sums[ox] + s;
        }
    }
    const scale = channels === 3 ? 1000 : 255_000;
    for (let ox = 0; ox < width; ox++) {
        const pixels = (y1 - y0) * (ox === width - 1 ? lastWidth : factor);
        thumb.data[oy * width + ox] = Math.round(sums[ox] / (scale * pixels));
    }
}
/**
 * The thumbnail through the kernel, in one call over the staged decode: its block means arrive as
 * bytes. A band of rows with any transparency is redone in JavaScript, since compositing is per
 * pixel. False when the kernel's memory cannot hold the scratch.
 */
function kernelBlockMeans(staged, image, factor, thumb) {
    const { kernel, scratch: acc } = staged;
    const { channels, width: sw, height: sh } = image;
    const { width, height } = thumb;
    const out = acc + (0,_kernel_js__WEBPACK_IMPORTED_MODULE_0__/* .align16 */ .vD)(sw * channels * 2);
    const flags = out + (0,_kernel_js__WEBPACK_IMPORTED_MODULE_0__/* .align16 */ .vD)(width * height);
    // 16 bytes of slack: a block's last load may read past the sums (kernel.wat).
    const memory = (0,_kernel_js__WEBPACK_IMPORTED_MODULE_0__/* .kernelMemory */ .t9)(kernel, flags + height + 16);
    if (!memory)
        return false;
    kernel.thumbnail(0, sw, sh, channels, factor, acc, out, flags);
    thumb.data.set(new Uint8Array(memory, out, width * height));
    if (channels === 4) {
        const transparent = new Uint8Array(memory, flags, height);
        for (let oy = 0; oy < height; oy++)
            if (transparent[oy])
                blockRowMeans(image, factor, oy, thumb);
    }
    return true;
}
/**
 * Area-average resize (each output pixel is the exact mean of the input area it covers, partial
 * pixels weighted by coverage). Done separably: rows, then columns, both walking memory in order.
 */
function resizeArea(src, width, height) {
    if (src.width === width && src.height === height)
        return src;
    const { width: sw, height: sh } = src;
    const horizontal = new Float32Array(width * sh);
    const hx = taps(sw, width);
    for (let y = 0; y < sh; y++) {
        const row = y * sw;
        for (let o = 0; o < width; o++) {
            let sum = 0;
            const start = row + hx.start[o];
            const base = o * hx.max;
            for (let k = 0; k < hx.count[o]; k++)
                sum += hx.weight[base + k] * src.data[start + k];
            horizontal[y * width + o] = sum;
        }
    }
    const data = new Float32Array(width * height);
    const vy = taps(sh, height);
    for (let o = 0; o < height; o++) {
        const out = o * width;
        const start = vy.start[o];
        for (let k = 0; k < vy.count[o]; k++) {
            const w = vy.weight[o * vy.max + k];
            const from = (start + k) * width;
            for (let x = 0; x < width; x++)
                data[out + x] = data[out + x] + w * horizontal[from + x];
        }
    }
    return { data, width, height };
}
/** For each of `to` outputs: the first input index, how many inputs, and their coverage weights. */
function taps(from, to) {
    const scale = from / to;
    const max = Math.ceil(scale) + 1;
    const start = new Int32Array(to);
    const count = new Int32Array(to);
    const weight = new Float64Array(to * max);
    for (let o = 0; o < to; o++) {
        const a = o * scale;
        const b = (o + 1) * scale;
        const first = Math.floor(a);
        const last = Math.min(Math.ceil(b), from);
        start[o] = first;
        count[o] = last - first;
        for (let i = first; i < last; i++)
            weight[o * max + (i - first)] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
    }
    return { start, count, weight, max };
}


/***/ }),

/***/ 1809:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vD: () => (/* binding */ align16),
  t9: () => (/* binding */ kernelMemory),
  Sf: () => (/* binding */ pixelKernel),
  io: () => (/* binding */ stagePixels),
  S6: () => (/* binding */ stagedForBlocks)
});

// UNUSED EXPORTS: MAX_KERNEL_FACTOR, hasPixelKernel

;// CONCATENATED MODULE: ./build/action-package/src/validators/kernel.generated.js
// Generated by scripts/build-wasm.mjs from src/validators/kernel.wat. Do not edit.
const PIXEL_KERNEL_WASM = 'AGFzbQEAAAABbw5gBH9/f38AYAh/f39/f39/fwBgB39/f39/f38AYAp/f39/f39/f3x8AGABfwF7YAJ/ewBgAn9/AXtgBnt7e3t7ewF7YAF/AX9gBn9/f39/fwBgBn9/f39/fwF8YAV/f39/fwF8YAF7AX5gAXsBfwMTEgABAgEAAwQFBgcICQoLAgYMDQUDAQABB2QIBm1lbW9yeQIACXRodW1ibmFpbAABCGJveE1lYW5zAAIKc2FtcGxlU3VtcwADDmxhcGxhY2lhbk5vaXNlAAQHc3NpbU1hcAAFC3NzaW1TdW1tYXJ5AAsKZGlmZlBpeGVscwAOCo4mEoYCAgZ/A3sgAUFwcSEJAkADQCAFIAlPDQEgACAFaiEG/QwAAAAAAAAAAAAAAAAAAAAAIQv9DAAAAAAAAAAAAAAAAAAAAAAhDEEAIQQCQANAIAQgAk8NASAG/QAAACEKIAsgCv2JAf2OASELIAwgCv2KAf2OASEMIAYgAWohBiAEQQFqIQQMAAsLIAMgBUEBdGohByAHIAv9CwEAIAcgDP0LARAgBUEQaiEFDAALCwJAA0AgBSABTw0BIAAgBWohBkEAIQhBACEEAkADQCAEIAJPDQEgCCAGLQAAaiEIIAYgAWohBiAEQQFqIQQMAAsLIAMgBUEBdGogCDsBACAFQQFqIQUMAAsLC7cDAgx/BHsgASADbCEIIANBAXQhEP0MKwFLAnIAAAAAAAAAAAAAACEWIANBBEYEQP0MKwFLAnIAAAArAUsCcgAAACEXBf0MKwFLAnIAKwFLAnIAAAAAACEXCwJAA0AgCiACTw0BIAQgAiAKayAEIAIgCmtNGyELIAAgCiAIbGogCCALIAUQACAFIQ5BACEMAkADQCAMIAFPDQEgBCABIAxrIAQgASAMa00bIQ39DAAAAAAAAAAAAAAAAAAAAAAhFUEAIQ8CQANAIA9BAmogDUsNASAO/QABACEUIBUgFCAX/boB/a4BIRUgDiAQQQF0aiEOIA9BAmohDwwACwsgDyANSQRAIA79AAEAIRQgFSAUIBb9ugH9rgEhFSAOIBBqIQ4LIAsgDWwhESARQegHbCESIAYgFRARQQF0IBJqIBJBAXRuOgAAIAZBAWohBiAMIA1qIQwMAAsLIANBBEYEQEEAIRMgBUEGaiEOQQAhDAJAA0AgDCABTw0BIBMgDi8BAGohEyAOQQhqIQ4gDEEBaiEMDAALCyAHIAogBG5qIBMgCyABbEH/AWxHOgAACyAKIARqIQoMAAsLC6sCAgp/AnsgASADbCEHIANBAXQhDgJAA0AgCCACTw0BIAQgAiAIayAEIAIgCGtNGyEJIAAgCCAHbGogByAJIAUQACAFIQ1BACEKQQAhEAJAA0AgCiABTw0BIAQgASAKayAEIAEgCmtNGyELIAsgEEcEQCALIRAgCyAJbCEPQoCAgIAQIA9BAWutfCAPrYCn/REhEgsgD0EBdv0RIRFBACEMAkADQCAMIAtPDQEgESAN/V0BAP2pAf2uASERIA0gDmohDSAMQQFqIQwMAAsLIA9BAUsEQCARIBL93gEgESAS/d8B/Q0EBQYHDA0ODxQVFhccHR4fIRELIAYgESAR/YYBIBEgEf2GAf1m/VoAAAAgBiADaiEGIAogC2ohCgwACwsgCCAEaiEIDAALCwueChAMfwF+An8BfgF/AX4BfwF+AX8BfgF/AX4BfwF+AX8UeyAGIQsCQANAIAggAk8NASAAIAggAWxqIQpBACEJAkADQCADQXxxISIgIiAJQYAgaiAiIAlBgCBqTRshIiAJICJPDQH9DAAAAAAAAAAAAAAAAAAAAAAhKP0MAAAAAAAAAAAAAAAAAAAAACEp/QwAAAAAAAAAAAAAAAAAAAAAISr9DAAAAAAAAAAAAAAAAAAAAAAhK/0MAAAAAAAAAAAAAAAAAAAAACEs/QwAAAAAAAAAAAAAAAAAAAAAIS39DAAAAAAAAAAAAAAAAAAAAAAhLv0MAAAAAAAAAAAAAAAAAAAAACEv/QwAAAAAAAAAAAAAAAAAAAAAITD9DAAAAAAAAAAAAAAAAAAAAAAhMf0MAAAAAAAAAAAAAAAAAAAAACEy/QwAAAAAAAAAAAAAAAAAAAAAITP9DAAAAAAAAAAAAAAAAAAAAAAhNP0MAAAAAAAAAAAAAAAAAAAAACE1/QwAAAAAAAAAAAAAAAAAAAAAITYCQANAIAkgIk8NASAKIAQQDyEjIApBAWogBBAPISQgCkECaiAEEA8hJUHNAP0RICP9tQFBlgH9ESAk/bUBQR39ESAl/bUB/a4B/a4BQQj9rQEhJyALICcgJ/2GASAnICf9hgH9Zv1aAAAAICggJ/2uASEoICkgJyAn/bUB/a4BISkgKiAnQQb9Ef06ICdB+QH9Ef08/VD9sQEhKiArICP9rgEhKyAsICMgI/21Af2uASEsIC0gJP2uASEtIC4gJCAk/bUB/a4BIS4gLyAl/a4BIS8gMCAlICX9tQH9rgEhMCAFQQRGBEAgCkEDaiAEEA8hJiAxICb9rgEhMSAyICYgJv21Af2uASEyCyAjICT9sQEhJiAzICb9rgEhMyA0ICYgJv21Af2uASE0ICMgJP2uASAlQQH9qwH9sQEhJiA1ICb9rgEhNSA2ICYgJv21Af2uASE2IAogBEECdGohCiALQQRqIQsgCUEEaiEJDAALCyATICgQEWohEyAUICkQEHwhFCAVICoQEWohFSAWICsQEWohFiAXICwQEHwhFyAYIC0QEWohGCAZIC4QEHwhGSAaIC8QEWohGiAbIDAQEHwhGyAcIDEQEWohHCAdIDIQEHwhHSAeIDMQEWohHiAfIDQQEHwhHyAgIDUQEWohICAhIDYQEHwhIQwACwsCQANAIAkgA08NASAKLQAAIQwgCi0AASENIAotAAIhDkHNACAMbEGWASANbEEdIA5sampBCHYhECALIBA6AAAgEyAQaiETIBQgECAQbK18IRQgEEEGSSAQQfkBS3IEQCAVQQFqIRULIBYgDGohFiAXIAwgDGytfCEXIBggDWohGCAZIA0gDWytfCEZIBogDmohGiAbIA4gDmytfCEbIAVBBEYEQCAKLQADIQ8gHCAPaiEcIB0gDyAPbK18IR0LIAwgDWshESAMIA1qIA5BAXRrIRIgHiARaiEeIB8gESARbK18IR8gICASaiEgICEgEiASbK18ISEgCiAEaiEKIAtBAWohCyAJQQFqIQkMAAsLIAhBAWohCAwACwsgByATuDkDACAHIBS6OQMIIAcgFbg5AxAgByAWuDkDGCAHIBe6OQMgIAcgGLg5AyggByAZujkDMCAHIBq4OQM4IAcgG7o5A0AgByAcuDkDSCAHIB26OQNQIAcgHrc5A1ggByAfujkDYCAHICC3OQNoIAcgIbo5A3AL8wMDBX8JewR/QQEhBAJAA0AgBCACQQFrTw0BQQEhBSABQQFrIQcgB0EIayEIAkADQCAFIAhKDQEgACAEIAFsIAVqaiEGIAb9XQAAIQkgCf2JASEJIAYgAWv9XQAA/YkBIQogBiABav1dAAD9iQEhCyAGQQFr/V0AAP2JASEMIAZBAWr9XQAA/YkBIQ0gCiAL/Y4BIAwgDf2OAf2OASEOIAYgAUEBamv9XQAA/YkBIAZBAWogAWv9XQAA/YkB/Y4BIAYgAWpBAWv9XQAA/YkBIAYgAUEBamr9XQAA/YkB/Y4B/Y4BIQ8gCUEC/YsBIQkgECAJIA79kQH9gAH9f/2uASEQIBEgDyAOQQH9iwH9kQEgCf2OAf2AAf1//a4BIREgBUEIaiEFDAALCwJAA0AgBSAHTg0BIAAgBCABbCAFamohBiAGLQAAQQJ0IRIgBiABay0AACAGIAFqLQAAaiAGQQFrLQAAIAZBAWotAABqaiETIBQgEiATaxAKaiEUIBUgBiABQQFqay0AACAGQQFqIAFrLQAAaiAGIAFqQQFrLQAAIAYgAUEBamotAABqaiATQQF0ayASahAKaiEVIAVBAWohBQwACwsgBEEBaiEEDAALCyAUIBAQEWohFCAVIBEQEWohFSADIBS4OQMAIAMgFbg5AwgLswUCCH8NeyACIARrQQFqIQwgBCAEbCENIA39ESEcIAj9FCEdIAn9FCEeIAZBAnQhECAFQQAgEEEFbPwLACAHIRECQANAIAogA08NAUEAIQsCQANAIAsgAk8NASAKIAJsIAtqIQ4gACAOahAGIRIgASAOahAGIRMgEiAS/bUBIRQgEyAT/bUBIRUgEiAT/bUBIRYgCiAETwRAIA4gBCACbGshDiAAIA5qEAYhGCABIA5qEAYhGSASIBj9sQEhEiATIBn9sQEhEyAUIBggGP21Af2xASEUIBUgGSAZ/bUB/bEBIRUgFiAYIBn9tQH9sQEhFgsgBSALQQJ0aiEPIA8gEhAHIA8gEGogExAHIA8gEEEBdGogFBAHIA8gEEEDbGogFRAHIA8gEEECdGogFhAHIAtBBGohCwwACwsgCiAEQQFrTwRAQQAhCwJAA0AgCyAMTw0BIAUgC0ECdGohDiAOIAQQCCESIA4gEGogBBAIIRMgDiAQQQF0aiAEEAghFCAOIBBBA2xqIAQQCCEVIA4gEEECdGogBBAIIRYgEiAT/bUBIRcgF0EB/asBIRggHCAW/bUBIBf9sQFBAf2rASEZIBIgEv21ASATIBP9tQH9rgEhGiAcIBT9tQEgEiAS/bUB/bEBIBwgFf21ASATIBP9tQH9sQH9rgEhGyARIBj9/gEgGf3+ASAa/f4BIBv9/gEgHSAeEAn9CwQAIBEgGCAY/Q0ICQoLDA0ODwABAgMEBQYH/f4BIBkgGf0NCAkKCwwNDg8AAQIDBAUGB/3+ASAaIBr9DQgJCgsMDQ4PAAECAwQFBgf9/gEgGyAb/Q0ICQoLDA0ODwABAgMEBQYH/f4BIB0gHhAJ/QsEECARQSBqIREgC0EEaiELDAALCyARIAsgDGtBA3RrIRELIApBAWohCgwACwsLDgAgAP1cAAD9iQH9qQELEwAgACAA/QACACAB/a4B/QsCAAs1AgF7AX8gACABQQJ0aiEDAkADQCAAIANPDQEgAiAA/QACAP2uASECIABBBGohAAwACwsgAgsnACAAIAT98AEgASAF/fAB/fIBIAIgBP3wASADIAX98AH98gH98wELDwAgAEEAIABrIABBAE4bC/MCBQJ/AXwGfwF8An8gASACbCEHAkADQCAGIAdPDQEgCCAAIAZBA3RqKwMAoCEIIAZBAWohBgwACwsgBSAIIAe4ozkDACABQQFqQQN0IRAgBEEAIBD8CwBBACEKAkADQCAKIAJPDQEgBCAKQQFqIBBsaiERIBFEAAAAAAAAAAA5AwAgACAKIAFsQQN0aiELQQAhCQJAA0AgCSABTw0BIBEgCyAJQQN0aisDACARIBBrKwMIoCARKwMAoCARIBBrKwMAoTkDCCARQQhqIREgCUEBaiEJDAALCyAKQQFqIQoMAAsLIAMgASADIAFJGyEMIAwgAiAMIAJJGyEMIAxBAXZBASAMQQF2QQFLGyENRAAAAAAAAPB/IQ9BACEKAkADQCAKIAxqIAJLDQEgDyAEIBAgCiABIAwgDRAMpCEPIAohDiAKIA1qIQoMAAsLIA4gDGogAkkEQCAPIAQgECACIAxrIAEgDCANEAykIQ8LIAUgDzkDCAtgAgJ/AXxEAAAAAAAA8H8hCAJAA0AgBiAEaiADSw0BIAggACABIAIgBiAEEA2kIQggBiEHIAYgBWohBgwACwsgByAEaiADSQRAIAggACABIAIgAyAEayAEEA2kIQgLIAgLSAECfyAAIAIgAWwgA0EDdGpqIQUgBSAEIAFsaiEGIAYgBEEDdGorAwAgBSAEQQN0aisDAKEgBisDAKEgBSsDAKAgBCAEbLijC7oEAhB/BXsgBP0QIRsgAkF4cSELIAIhESADIRJBfyETQX8hFAJAA0AgByADTw0BQX8hFUF/IRZBACEIAkADQCAIIAtPDQEgByACbCAIaiEJIAAgCWr9XQAA/YkBIRcgFyABIAlq/V0AAP2JAf2RAf2AASAb/TEhGCAXQd8A/RD9lQFB378C/RD9jgEhGSAZQQH9EP2OASAZQQj9jQH9jgFBCP2NASEZQf8B/RAgGSAY/VIgGSAY/U/9ZiEaIAUgCUEDbGohCiAKIBogGv0NAAgIAQkJAgoKAwsLBAwMBf0LAAAgCiAaIBr9DQ0NBg4OBw8PAAAAAAAAAAD9WwAQACAY/YQBIQwgDARAIBAgDGlqIRAgFUEASARAIAggDGhqIRULIAhBH2ogDGdrIRYLIAhBCGohCAwACwsCQANAIAggAk8NASAHIAJsIAhqIQkgACAJai0AACENIA0gASAJai0AAGsQCiEOIAUgCUEDbGohCiAOIARKBEAgCkH/AToAACAKQQA7AAEgEEEBaiEQIBVBAEgEQCAIIRULIAghFgUgDUHfAGxB378CaiEPIA9BAWogD0EIdmpBCHYhDyAKIA86AAAgCiAPOgABIAogDzoAAgsgCEEBaiEIDAALCyAVQQBOBEAgFSARSARAIBUhEQsgFiATSgRAIBYhEwsgFEEASARAIAchEgsgByEUCyAHQQFqIQcMAAsLIAYgEDYCACAGIBE2AgQgBiASNgIIIAYgEzYCDCAGIBQ2AhALMAAgAC0AAP0RIAAgAWotAAD9HAEgACABQQF0ai0AAP0cAiAAIAFBA2xqLQAA/RwDCx0AIAD9GwCtIAD9GwGtfCAA/RsCrSAA/RsDrXx8CxkAIAD9GwAgAP0bAWogAP0bAiAA/RsDamoL';

;// CONCATENATED MODULE: ./build/action-package/src/validators/kernel.js
/**
 * The WebAssembly pixel kernel (kernel.wat): instantiated once, on first use, from the base64 bytes
 * in kernel.generated.ts. Callers copy their pixels into its memory (`stagePixels`), call a
 * function, and read the results back. Where WebAssembly SIMD is unavailable `pixelKernel()` gives null, and the callers
 * run their JavaScript loops, which compute the same numbers.
 */

let instance;
function pixelKernel() {
    if (instance === undefined) {
        try {
            const wasm = globalThis.WebAssembly;
            instance = new wasm.Instance(new wasm.Module(Buffer.from(PIXEL_KERNEL_WASM, 'base64')))
                .exports;
        }
        catch {
            instance = null;
        }
    }
    return instance;
}
/** Whether the kernel runs here (else the JavaScript loops do the same work). */
function hasPixelKernel() {
    return pixelKernel() !== null;
}
/** Rounds a byte offset up to 16, for SIMD loads and stores. */
const align16 = (n) => (n + 15) & ~15;
/**
 * Grows the kernel's memory to at least `bytes`; the returned buffer is valid until the next
 * growth. Undefined when it cannot grow (WebAssembly memory stops at 4 GB): the caller then runs
 * its JavaScript loop.
 */
function kernelMemory(kernel, bytes) {
    const pages = Math.ceil((bytes - kernel.memory.buffer.byteLength) / 65_536);
    try {
        if (pages > 0)
            kernel.memory.grow(pages);
    }
    catch {
        return undefined;
    }
    return kernel.memory.buffer;
}
/** Copies `data` into the kernel's memory; undefined without the kernel or when it cannot hold it. */
function stagePixels(data) {
    const kernel = pixelKernel();
    if (!kernel)
        return undefined;
    const scratch = align16(data.length);
    const memory = kernelMemory(kernel, scratch);
    if (!memory)
        return undefined;
    new Uint8Array(memory).set(data, 0);
    return { kernel, data, scratch };
}
/**
 * Largest block side the block passes (grey thumbnail, review picture) run in the kernel with:
 * their 16-bit column sums and exact divisions hold it (images up to 16 384 px a side at 256).
 */
const MAX_KERNEL_FACTOR = 64;
/**
 * The decode in the kernel's memory for a block pass of `factor`: the copy the caller staged when
 * it is of these pixels, else a new copy; undefined when the kernel is turned off, the factor is
 * over MAX_KERNEL_FACTOR or the memory cannot hold it (the pass then runs its JavaScript loop).
 */
function stagedForBlocks(data, factor, options) {
    if (options.kernel === false || factor > MAX_KERNEL_FACTOR)
        return undefined;
    return options.staged?.data === data ? options.staged : stagePixels(data);
}


/***/ }),

/***/ 37788:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dq: () => (/* binding */ duplicateChecks),
/* harmony export */   perceptualHash: () => (/* binding */ perceptualHash)
/* harmony export */ });
/* unused harmony exports DEFAULT_MAX_DISTANCE, hammingDistance, findNearDuplicates */
/* harmony import */ var _core_canonical_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(45421);
/* harmony import */ var _grey_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(97792);
/**
 * Near-duplicate detection by perceptual hash: 64-bit pHash (DCT of a 32×32 greyscale thumbnail,
 * the 8×8 lowest frequencies against their median — the `imagehash` library's definition) or dHash
 * (9×8 thumbnail, each pixel against its right neighbour). Two images are near-duplicates when
 * their hashes differ in at most `maxDistance` of the 64 bits.
 *
 * Among the variants of one asset a duplicate is wasted spend (info); across assets it usually
 * means two prompts render the same picture, and `acrossAssets: gate` makes it fail the image.
 */


/** pHash distance at or below which two images count as near-duplicates (of 64 bits). */
const DEFAULT_MAX_DISTANCE = 8;
/** A 64-bit perceptual hash as 16 hex digits. */
function perceptualHash(image, algorithm = 'phash') {
    // From the shared 256-px grey thumbnail: the SSIM comparison of the same image reuses it.
    const grey = 'channels' in image ? (0,_grey_js__WEBPACK_IMPORTED_MODULE_1__/* .greyThumbnail */ .cC)(image) : image;
    return algorithm === 'phash' ? phash(grey) : dhash(grey);
}
const N = 32;
/** DCT-II basis, cos(π(2x+1)u / 2N), for the 8 lowest frequencies. */
const BASIS = Array.from({ length: 8 }, (_, u) => Float64Array.from({ length: N }, (_, x) => Math.cos((Math.PI * (2 * x + 1) * u) / (2 * N))));
function phash(grey) {
    const small = (0,_grey_js__WEBPACK_IMPORTED_MODULE_1__/* .resizeArea */ .oF)(grey, N, N).data;
    // Rows first: 32 rows × 8 frequencies; then columns: 8 × 8.
    const rows = new Float64Array(N * 8);
    for (let y = 0; y < N; y++) {
        for (let u = 0; u < 8; u++) {
            const basis = BASIS[u];
            let s = 0;
            for (let x = 0; x < N; x++)
                s += small[y * N + x] * basis[x];
            rows[y * 8 + u] = s;
        }
    }
    const coeffs = new Float64Array(64);
    for (let v = 0; v < 8; v++) {
        const basis = BASIS[v];
        for (let u = 0; u < 8; u++) {
            let s = 0;
            for (let y = 0; y < N; y++)
                s += rows[y * 8 + u] * basis[y];
            coeffs[v * 8 + u] = s;
        }
    }
    const sorted = Float64Array.from(coeffs).sort();
    const median = (sorted[31] + sorted[32]) / 2;
    return toHex(Array.from(coeffs, (c) => c > median));
}
function dhash(grey) {
    const small = (0,_grey_js__WEBPACK_IMPORTED_MODULE_1__/* .resizeArea */ .oF)(grey, 9, 8).data;
    const bits = [];
    for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++)
            bits.push(small[y * 9 + x + 1] > small[y * 9 + x]);
    }
    return toHex(bits);
}
function toHex(bits) {
    let hex = '';
    for (let i = 0; i < bits.length; i += 4) {
        hex += ((bits[i] ? 8 : 0) |
            (bits[i + 1] ? 4 : 0) |
            (bits[i + 2] ? 2 : 0) |
            (bits[i + 3] ? 1 : 0)).toString(16);
    }
    return hex;
}
const POPCOUNT = Array.from({ length: 16 }, (_, n) => (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1) + ((n >> 3) & 1));
/** Number of differing bits between two hashes of equal length. */
function hammingDistance(a, b) {
    if (a.length !== b.length)
        throw new Error(`hashes differ in length: ${a.length} vs ${b.length} hex digits`);
    let d = 0;
    for (let i = 0; i < a.length; i++)
        d += POPCOUNT[Number.parseInt(a[i], 16) ^ Number.parseInt(b[i], 16)];
    return d;
}
/** Every pair of images within `maxDistance` bits, closest first (ties by key, so stable). */
function findNearDuplicates(items, maxDistance = DEFAULT_MAX_DISTANCE) {
    const pairs = [];
    for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
            const x = items[i];
            const y = items[j];
            const distance = hammingDistance(x.hash, y.hash);
            if (distance <= maxDistance)
                pairs.push({ a: x.key, b: y.key, distance, sameAsset: x.asset === y.asset });
        }
    }
    return pairs.sort((p, q) => p.distance - q.distance || byCodeUnit(p.a, q.a) || byCodeUnit(p.b, q.b));
}
/**
 * One `similarity.duplicate` check per image (job key): passed when no other image is within the
 * distance, otherwise failed and naming the closest one. Same-asset duplicates are always `info`.
 */
function duplicateChecks(items, options = {}) {
    const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
    const byKey = new Map(items.map((i) => [i.key, i]));
    const nearest = new Map();
    for (const x of items) {
        for (const y of items) {
            if (x.key === y.key)
                continue;
            const distance = hammingDistance(x.hash, y.hash);
            const found = { other: y, distance };
            const best = nearest.get(x.key);
            if (!best || closer(x, found, best) < 0)
                nearest.set(x.key, found);
        }
    }
    const out = new Map();
    for (const [key, item] of byKey) {
        const n = nearest.get(key);
        if (!n || n.distance > maxDistance) {
            out.set(key, {
                id: 'similarity.duplicate',
                passed: true,
                value: n ? n.distance : 'no other image',
                threshold: `> ${maxDistance} bits from every other image`,
                reason: n
                    ? `nearest image is ${describe(n.other, item)}, ${n.distance} bits away`
                    : 'no other image to compare',
                severity: 'info',
            });
            continue;
        }
        const across = n.other.asset !== item.asset;
        out.set(key, {
            id: 'similarity.duplicate',
            passed: false,
            value: n.distance,
            threshold: `> ${maxDistance} bits from every other image`,
            reason: `near-duplicate of ${describe(n.other, item)} (${n.distance} of 64 bits differ)`,
            severity: across ? (options.acrossAssets ?? 'info') : 'info',
        });
    }
    return out;
}
/** The closest first; among equals, another asset (the more serious finding); then key order. */
function closer(self, a, b) {
    return (a.distance - b.distance ||
        Number(a.other.asset === self.asset) - Number(b.other.asset === self.asset) ||
        (0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_0__/* .byCodeUnit */ .X)(a.other.key, b.other.key));
}
function describe(other, self) {
    return other.asset === self.asset
        ? `variant ${other.variant}`
        : `asset ${other.asset} variant ${other.variant}`;
}


/***/ })

};
