export const id = 865;
export const ids = [865];
export const modules = {

/***/ 37865:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   conformImage: () => (/* binding */ conformImage),
/* harmony export */   decodeBase64Image: () => (/* binding */ decodeBase64Image),
/* harmony export */   encodeGenerated: () => (/* binding */ encodeGenerated),
/* harmony export */   isComplete: () => (/* binding */ isComplete),
/* harmony export */   sniffFormat: () => (/* binding */ sniffFormat)
/* harmony export */ });
/* harmony import */ var sharp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42482);
/* harmony import */ var _core_formats_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54583);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(715);




function sniffFormat(bytes) {
    if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a)
        return 'png';
    if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
        return 'jpeg';
    if (bytes.length >= 12 &&
        bytes.toString('latin1', 0, 4) === 'RIFF' &&
        bytes.toString('latin1', 8, 12) === 'WEBP')
        return 'webp';
    if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
        const brand = bytes.toString('latin1', 8, 12);
        if (brand === 'avif' || brand === 'avis')
            return 'avif';
    }
    return undefined;
}
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/**
 * A structural completeness check that costs no decode: PNG must end with IEND, JPEG with an EOI
 * marker, WebP must be as long as its RIFF header says. sharp's `metadata()` reads only headers and
 * would happily accept a file cut in half.
 */
function isComplete(bytes, format) {
    switch (format) {
        case 'png':
            return (bytes.length > PNG_IEND.length && bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND));
        case 'jpeg': {
            // Some encoders pad after EOI; look for it near the end.
            const tail = bytes.subarray(Math.max(0, bytes.length - 64));
            for (let i = tail.length - 2; i >= 0; i--)
                if (tail[i] === 0xff && tail[i + 1] === 0xd9)
                    return true;
            return false;
        }
        case 'webp':
            return bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= bytes.length;
        case 'avif':
            return true;
    }
}
/**
 * Checks the bytes and makes them match the request's size and format. An image that declares more
 * pixels than the job's cap was made for is not decoded: a few kilobytes can declare gigabytes.
 */
async function conformImage(backend, bytes, job) {
    const { request } = job;
    const format = sniffFormat(bytes);
    if (!format) {
        const start = bytes
            .subarray(0, 16)
            .toString('latin1')
            .replace(/[^\x20-\x7e]/g, '.');
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned ${bytes.length} bytes that are not a PNG, JPEG, WebP or AVIF image (starts "${start}")`);
    }
    if (!isComplete(bytes, format)) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned a truncated ${format.toUpperCase()} (${bytes.length} bytes)`);
    }
    let meta;
    try {
        meta = await (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(bytes).metadata();
    }
    catch (error) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned an unreadable ${format} image`, error);
    }
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    const allowed = (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .jobPixelCap */ .K4)(job);
    if (width * height > allowed) {
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`${backend} returned a ${format} image of ${width}x${height} = ${width * height} pixels, more than the ${allowed} this request allows; not decoded`, 'permanent');
    }
    if (width === request.width && height === request.height && format === request.format) {
        return { bytes, mediaType: _core_formats_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .q[format] };
    }
    let image = (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(bytes, { failOn: 'truncated', limitInputPixels: allowed });
    if (width !== request.width || height !== request.height) {
        image = image.resize(request.width, request.height, { fit: 'cover', position: 'centre' });
    }
    try {
        return {
            bytes: await encodeGenerated(image, request.format),
            mediaType: _core_formats_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .q[request.format],
            native: { format, width, height },
        };
    }
    catch (error) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned a ${format} image that does not decode`, error);
    }
}
/** One set of encoder settings for every back end's output, so formats look alike across them. */
function encodeGenerated(image, format) {
    switch (format) {
        case 'png':
            return image.png({ compressionLevel: 6 }).toBuffer();
        case 'jpeg':
            return image.jpeg({ quality: 88, mozjpeg: true }).toBuffer();
        case 'webp':
            return image.webp({ quality: 86 }).toBuffer();
        case 'avif':
            return image.avif({ quality: 60, effort: 2 }).toBuffer();
    }
}
/** Decodes base64 image data, tolerating a `data:` prefix some servers add. */
function decodeBase64Image(backend, data) {
    if (typeof data !== 'string' || data.length === 0) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned no image data`);
    }
    const comma = data.startsWith('data:') ? data.indexOf(',') : -1;
    return Buffer.from(comma >= 0 ? data.slice(comma + 1) : data, 'base64');
}


/***/ })

};
