export const id = 143;
export const ids = [143];
export const modules = {

/***/ 15143:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S3BlobStore: () => (/* binding */ S3BlobStore)
/* harmony export */ });
/* unused harmony exports MissingBlobError, UploadMismatchError */
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53711);
/* harmony import */ var p_queue__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(19052);
/* harmony import */ var _core_canonical_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(45421);
/* harmony import */ var _blob_store_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79286);
/* harmony import */ var _s3_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2623);
/**
 * Blobs in an S3-compatible bucket: `<prefix>blobs/sha256/ab/abcdef…`, the production store that
 * carries approved images from the pull-request run to the merge run (docs/architecture.md).
 *
 * Never overwrites: every write is conditional (`If-None-Match: *`), and a 412 means the blob is
 * already there — its name is its hash, so it holds the same bytes, which `get()` proves on every
 * read by hashing what came back (S3 verifies the SHA-256 we send on write; moto and some other
 * S3-compatible servers do not, so the read-back check is what the guarantee rests on).
 */





/** A missing blob, shaped like fs's ENOENT so callers handle every store alike. */
class MissingBlobError extends Error {
    sha256;
    name = 'MissingBlobError';
    code = 'ENOENT';
    constructor(sha256, location) {
        super(`blob ${sha256} is not in ${location}`);
        this.sha256 = sha256;
    }
}
/** A write the server acknowledged with other bytes than we sent (ETag is not our MD5). */
class UploadMismatchError extends Error {
    name = 'UploadMismatchError';
}
class S3BlobStore {
    client;
    bucket;
    prefix;
    queue;
    multipartThreshold;
    constructor(options) {
        this.client = (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .withKnownPayloadHash */ .Ic)(options.client);
        this.bucket = options.bucket;
        this.prefix = `${(0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizePrefix */ .iG)(options.prefix)}blobs/sha256/`;
        this.queue = new p_queue__WEBPACK_IMPORTED_MODULE_3__/* ["default"] */ .Ay({ concurrency: options.concurrency ?? _s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_S3_CONCURRENCY */ .Z6 });
        this.multipartThreshold = options.multipartThreshold ?? _s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .MULTIPART_THRESHOLD */ .xf;
    }
    /** A store in the bucket of an `s3` target, with its endpoint, region and credentials. */
    static fromTarget(target, options = {}) {
        return new S3BlobStore({
            client: (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .createS3Client */ .qo)(target, options),
            bucket: target.bucket,
            prefix: target.prefix,
            concurrency: target.concurrency,
        });
    }
    get location() {
        return `s3://${this.bucket}/${this.prefix}`;
    }
    keyOf(sha256) {
        (0,_blob_store_js__WEBPACK_IMPORTED_MODULE_1__/* .assertSha256 */ .OA)(sha256);
        return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
    }
    async has(sha256) {
        const key = this.keyOf(sha256);
        return this.run(async () => {
            try {
                await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
                return true;
            }
            catch (error) {
                if ((0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isNotFound */ .c4)(error))
                    return false;
                throw error;
            }
        });
    }
    /**
     * One HEAD: present, and its stored SHA-256 checksum (kept by S3 since the upload, which sent it)
     * is the name. An object without one (multipart, or written by another tool) is proven by `get`.
     */
    async verify(sha256) {
        const key = this.keyOf(sha256);
        return this.run(async () => {
            try {
                const head = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
                const stored = head.ChecksumSHA256;
                if (stored && !stored.includes('-') && stored !== (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .hexToBase64 */ .OG)(sha256)) {
                    return { status: 'corrupt', actual: Buffer.from(stored, 'base64').toString('hex') };
                }
                return { status: 'ok' };
            }
            catch (error) {
                if ((0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isNotFound */ .c4)(error))
                    return { status: 'missing' };
                throw error;
            }
        });
    }
    async get(sha256) {
        const key = this.keyOf(sha256);
        const bytes = await this.run(async () => {
            try {
                const response = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.GetObjectCommand({ Bucket: this.bucket, Key: key }));
                if (!response.Body)
                    throw new Error(`GetObject ${key}: empty response body`);
                return Buffer.from(await response.Body.transformToByteArray());
            }
            catch (error) {
                if ((0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isNotFound */ .c4)(error))
                    throw new MissingBlobError(sha256, this.location);
                throw error;
            }
        });
        const actual = (0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .fg)(bytes);
        if (actual !== sha256)
            throw new _blob_store_js__WEBPACK_IMPORTED_MODULE_1__/* .CorruptBlobError */ .VS(sha256, actual, this.location);
        return bytes;
    }
    async put(bytes) {
        const sha = (0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .fg)(bytes);
        const key = this.keyOf(sha);
        await this.run(() => bytes.length > this.multipartThreshold
            ? this.putMultipart(key, bytes)
            : this.putSingle(key, bytes, sha));
        return sha;
    }
    /**
     * Every blob in the store, from one paginated listing (1,000 keys a request) — for callers that
     * would otherwise ask `has()` once per blob.
     */
    async list() {
        const shas = new Set();
        let token;
        do {
            const page = await this.run(() => this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token })));
            for (const object of page.Contents ?? []) {
                const name = object.Key?.slice(object.Key.lastIndexOf('/') + 1);
                if (name && _blob_store_js__WEBPACK_IMPORTED_MODULE_1__/* .SHA256_HEX */ .Y5.test(name))
                    shas.add(name);
            }
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return shas;
    }
    async putSingle(key, bytes, sha) {
        for (let attempt = 1;; attempt++) {
            try {
                const response = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.PutObjectCommand({
                    Bucket: this.bucket,
                    Key: key,
                    Body: bytes,
                    ContentLength: bytes.length,
                    ContentType: 'application/octet-stream',
                    IfNoneMatch: '*',
                    // Verified and kept by S3 (the algorithm named, so servers keep it for HEAD's
                    // ChecksumMode), and signed as the payload hash (withKnownPayloadHash).
                    ChecksumAlgorithm: 'SHA256',
                    ChecksumSHA256: (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .hexToBase64 */ .OG)(sha),
                }));
                // The ETag is the server's MD5 of what it stored: proof the bytes arrived whole, also on
                // servers that ignore the SHA-256 we sent.
                const stored = (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .etagMd5 */ .i2)(response.ETag);
                if (stored && stored !== (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .md5Hex */ .CC)(bytes)) {
                    throw new UploadMismatchError(`s3://${this.bucket}/${key}: stored MD5 ${stored} is not ours`);
                }
                return;
            }
            catch (error) {
                if ((0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isPreconditionFailed */ .W$)(error))
                    return; // already stored: same name, same bytes
                if ((0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isConditionalConflict */ .rV)(error) && attempt < 4) {
                    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
                    continue;
                }
                throw error;
            }
        }
    }
    async putMultipart(key, bytes) {
        // A multipart upload costs several requests: look before sending.
        try {
            await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
            return;
        }
        catch (error) {
            if (!(0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isNotFound */ .c4)(error))
                throw error;
        }
        // Already stored (412): same name, same bytes.
        if (!(await (0,_s3_client_js__WEBPACK_IMPORTED_MODULE_2__/* .putMultipart */ .Yk)(this.client, {
            bucket: this.bucket,
            key,
            bytes,
            contentType: 'application/octet-stream',
            ifAbsent: true,
        })))
            return;
        const head = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        if (head.ContentLength !== bytes.length) {
            throw new UploadMismatchError(`s3://${this.bucket}/${key}: stored ${head.ContentLength} bytes, sent ${bytes.length}`);
        }
    }
    run(task) {
        return this.queue.add(task);
    }
}


/***/ }),

/***/ 2623:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CC: () => (/* binding */ md5Hex),
/* harmony export */   DD: () => (/* binding */ publicRootUrl),
/* harmony export */   Ic: () => (/* binding */ withKnownPayloadHash),
/* harmony export */   OG: () => (/* binding */ hexToBase64),
/* harmony export */   TZ: () => (/* binding */ sha256Base64),
/* harmony export */   W$: () => (/* binding */ isPreconditionFailed),
/* harmony export */   Yk: () => (/* binding */ putMultipart),
/* harmony export */   Z6: () => (/* binding */ DEFAULT_S3_CONCURRENCY),
/* harmony export */   c4: () => (/* binding */ isNotFound),
/* harmony export */   i2: () => (/* binding */ etagMd5),
/* harmony export */   iG: () => (/* binding */ normalizePrefix),
/* harmony export */   qo: () => (/* binding */ createS3Client),
/* harmony export */   rV: () => (/* binding */ isConditionalConflict),
/* harmony export */   xC: () => (/* binding */ encodeKeyPath),
/* harmony export */   xf: () => (/* binding */ MULTIPART_THRESHOLD)
/* harmony export */ });
/* unused harmony exports MULTIPART_PART_SIZE, s3ClientConfig, httpStatusOf, countRequests, totalRequests */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37067);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(44708);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(53711);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53388);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(51870);
/**
 * The one place an S3 client is built from a manifest's `s3` target, and the small helpers every S3
 * caller shares (key prefixes, public URLs, checksums, error classification, request counting).
 *
 * Credentials: when the target names environment variables (`accessKeyIdEnv`, `secretAccessKeyEnv`,
 * `sessionTokenEnv`) they are read through `readSecret`, so their values are redacted from all output.
 * Otherwise the SDK's default provider chain applies: AWS_* environment variables, shared config
 * files, and on GitHub Actions the OIDC web identity (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, as
 * set by aws-actions/configure-aws-credentials).
 */






const DEFAULT_S3_CONCURRENCY = 16;
/** Bodies larger than this go through a multipart upload (@aws-sdk/lib-storage). */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const MULTIPART_PART_SIZE = 8 * 1024 * 1024;
/** The client settings for a target; exported so the tests can check what a manifest turns into. */
function s3ClientConfig(target, options = {}) {
    const env = options.env ?? process.env;
    const concurrency = target.concurrency ?? DEFAULT_S3_CONCURRENCY;
    const config = {
        // A custom endpoint (MinIO, R2, moto, Ceph) needs some region to sign with; AWS needs the real one,
        // which the SDK then finds in AWS_REGION or the shared config when the manifest gives none.
        region: target.region ?? (target.endpoint ? 'us-east-1' : undefined),
        endpoint: target.endpoint,
        forcePathStyle: target.forcePathStyle ?? Boolean(target.endpoint),
        // We send our own SHA-256 with every write and verify every read against the blob's name; the
        // SDK's default CRC32 on top would only cost CPU and, on some S3-compatible servers, trailers.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 4,
        requestHandler: {
            httpAgent: new node_http__WEBPACK_IMPORTED_MODULE_1__.Agent({ keepAlive: true, maxSockets: concurrency }),
            httpsAgent: new node_https__WEBPACK_IMPORTED_MODULE_2__.Agent({ keepAlive: true, maxSockets: concurrency }),
        },
        ...options.clientConfig,
    };
    const credentials = credentialsFromEnv(target, env);
    if (credentials && !options.clientConfig?.credentials)
        config.credentials = credentials;
    return config;
}
function createS3Client(target, options = {}) {
    return withKnownPayloadHash(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__.S3Client(s3ClientConfig(target, options)));
}
const hashing = new WeakSet();
/**
 * Lets a write that carries `ChecksumSHA256` sign that same hash as its SigV4 payload hash
 * (`x-amz-content-sha256`) instead of the SDK hashing the body once more. One SHA-256 pass then
 * serves the object's name, the checksum S3 stores, and the signature — and S3 rejects a body that
 * does not match the signed hash before storing anything. Idempotent per client.
 */
function withKnownPayloadHash(client) {
    if (hashing.has(client))
        return client;
    hashing.add(client);
    client.middlewareStack.add((next) => async (args) => {
        const checksum = args.input.ChecksumSHA256;
        const request = args.request;
        if (checksum && request.headers) {
            request.headers['x-amz-content-sha256'] = Buffer.from(checksum, 'base64').toString('hex');
        }
        return next(args);
    }, { step: 'build', name: 'genopsKnownPayloadHash' });
    return client;
}
function credentialsFromEnv(target, env) {
    const { accessKeyIdEnv, secretAccessKeyEnv, sessionTokenEnv } = target;
    if (!accessKeyIdEnv && !secretAccessKeyEnv)
        return undefined;
    if (!accessKeyIdEnv || !secretAccessKeyEnv) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz({
            file: 'genops.yaml',
            path: `delivery.targets[s3:${target.bucket}]`,
            message: 'accessKeyIdEnv and secretAccessKeyEnv go together',
            hint: 'name both variables, or neither to use the AWS default credential chain (env, OIDC role)',
        });
    }
    const accessKeyId = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .readSecret */ .n5)(env, accessKeyIdEnv);
    const secretAccessKey = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .readSecret */ .n5)(env, secretAccessKeyEnv);
    const sessionToken = sessionTokenEnv ? (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .readSecret */ .n5)(env, sessionTokenEnv) : undefined;
    const missing = [
        accessKeyId ? undefined : accessKeyIdEnv,
        secretAccessKey ? undefined : secretAccessKeyEnv,
    ].filter(Boolean);
    if (missing.length || !accessKeyId || !secretAccessKey) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz({
            file: 'genops.yaml',
            path: `delivery.targets[s3:${target.bucket}]`,
            message: `environment variable ${missing.join(' and ')} is not set`,
            hint: 'set it (on GitHub: from a secret, via env:) or remove the *Env names to use the default chain',
        });
    }
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}
/** `img` → `img/`, `/img/` → `img/`, undefined → ``: a key prefix always ends with a slash or is empty. */
function normalizePrefix(prefix) {
    const trimmed = (prefix ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
    return trimmed ? `${trimmed}/` : '';
}
/** Encodes each path segment for a URL, keeping the slashes. */
function encodeKeyPath(key) {
    return key.split('/').map(encodeURIComponent).join('/');
}
/**
 * The URL under which the target's root (bucket + prefix) is publicly served, ending with `/`:
 * `publicBaseUrl` when given (a CDN in front of the bucket: it maps to the prefix, not the bucket);
 * else the endpoint's path-style or virtual-hosted URL; else the AWS virtual-hosted URL.
 */
function publicRootUrl(target) {
    const prefix = encodeKeyPath(normalizePrefix(target.prefix));
    if (target.publicBaseUrl)
        return target.publicBaseUrl.replace(/\/*$/, '/');
    const bucket = encodeURIComponent(target.bucket);
    if (target.endpoint) {
        const url = new URL(target.endpoint);
        const base = url.pathname.replace(/\/*$/, '');
        const pathStyle = target.forcePathStyle ?? true;
        if (pathStyle)
            return `${url.protocol}//${url.host}${base}/${bucket}/${prefix}`;
        return `${url.protocol}//${bucket}.${url.host}${base}/${prefix}`;
    }
    const region = target.region ? `.${target.region}` : '';
    return `https://${bucket}.s3${region}.amazonaws.com/${prefix}`;
}
function sha256Base64(bytes) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('base64');
}
/** A hex sha256 as the base64 form S3's checksum headers take. */
function hexToBase64(hex) {
    return Buffer.from(hex, 'hex').toString('base64');
}
function md5Hex(bytes) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(bytes).digest('hex');
}
/**
 * The MD5 an ETag stands for, when it stands for one: a single-part upload without SSE-KMS has the
 * hex MD5 of its bytes as ETag; multipart (`…-3`) and KMS-encrypted objects do not.
 */
function etagMd5(etag) {
    const bare = etag?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    return bare && /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}
function httpStatusOf(error) {
    return error?.$metadata?.httpStatusCode;
}
/** HEAD/GET of a missing key: `NotFound` from HEAD, `NoSuchKey` from GET, always HTTP 404. */
function isNotFound(error) {
    const e = error;
    return httpStatusOf(error) === 404 || e?.name === 'NotFound' || e?.name === 'NoSuchKey';
}
/** `If-None-Match: *` refused because the key exists. */
function isPreconditionFailed(error) {
    const e = error;
    return httpStatusOf(error) === 412 || e?.name === 'PreconditionFailed';
}
/** S3 answers 409 ConditionalRequestConflict when a conditional write races another: retry it. */
function isConditionalConflict(error) {
    return httpStatusOf(error) === 409;
}
/**
 * Counts every HTTP attempt the client makes, by operation. The middleware sits in the deserialize
 * step, below the retry middleware, so a retried request counts once per attempt — the figure a
 * bill or a rate limit sees. Used by the tests (0 PUTs on an unchanged redeploy) and the report.
 */
function countRequests(client) {
    const counts = new Map();
    client.middlewareStack.add((next, context) => async (args) => {
        const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return next(args);
    }, { step: 'deserialize', name: 'genopsRequestCounter', priority: 'low' });
    return counts;
}
/** Sum of the counts for the given operations (all when none given). */
function totalRequests(counts, ...operations) {
    let total = 0;
    for (const [name, n] of counts)
        if (!operations.length || operations.includes(name))
            total += n;
    return total;
}
/**
 * A large body through @aws-sdk/lib-storage, SHA-256 checksummed. Resolves `false` when `ifAbsent`
 * and the key already existed (412), `true` when this call wrote the object.
 */
async function putMultipart(client, put) {
    // Loaded only for bodies over the multipart threshold: most deliveries never need it.
    const { Upload } = await __webpack_require__.e(/* import() */ 358).then(__webpack_require__.t.bind(__webpack_require__, 22358, 19));
    try {
        const upload = new Upload({
            client,
            partSize: MULTIPART_PART_SIZE,
            queueSize: 4,
            params: {
                Bucket: put.bucket,
                Key: put.key,
                Body: put.bytes,
                ContentType: put.contentType,
                CacheControl: put.cacheControl,
                ChecksumAlgorithm: 'SHA256',
                IfNoneMatch: put.ifAbsent ? '*' : undefined,
            },
        });
        await upload.done();
        return true;
    }
    catch (error) {
        if (put.ifAbsent && isPreconditionFailed(error))
            return false;
        throw error;
    }
}


/***/ })

};
