export const id = 15;
export const ids = [15];
export const modules = {

/***/ 6015:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S3DeliveryTarget: () => (/* binding */ S3DeliveryTarget)
/* harmony export */ });
/* unused harmony export DeliveryMismatchError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53711);
/* harmony import */ var p_queue__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19052);
/* harmony import */ var _store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2623);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86776);
/**
 * An S3-compatible bucket as a delivery target. Content-hashed files are written once with
 * `Cache-Control: public, max-age=31536000, immutable` and a conditional write; aliases and
 * assets.json are overwritten with a short cache lifetime.
 *
 * Cost model: one paginated ListObjectsV2 of the prefix per run (cached), one HEAD per content file
 * already there (its stored SHA-256 proves the bytes: `matches`), and one PutObject per file that is
 * new, changed or found damaged. An alias listed with the size and MD5 of its proven content file
 * costs nothing (`holdsCopy`).
 * Integrity without extra requests or hashing passes: each PUT signs the body's SHA-256 (S3 refuses
 * a body that does not match) and sends it as the stored checksum. A server that checks checksums
 * echoes it on success, and that answer is the proof. A server that ignores checksums sends none
 * back; then the ETag, its MD5 of what it stored, is compared with ours (an MD5 pass over the bytes,
 * about 3× the CPU of SHA-256 where the CPU has SHA instructions, so it is only paid there). moto
 * echoes the checksum without verifying it; a loopback test server is the one place that is fine.
 * Only multipart or KMS-encrypted objects without the echo, whose ETag is no MD5, cost a HEAD.
 */





/** A write the server acknowledged with other bytes than we sent. */
class DeliveryMismatchError extends Error {
    name = 'DeliveryMismatchError';
}
class S3DeliveryTarget {
    client;
    bucket;
    /** Key prefix, empty or ending with `/`. */
    prefix;
    concurrency;
    root;
    queue;
    multipartThreshold;
    listPageSize;
    listed;
    constructor(config, options = {}) {
        this.client = (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .withKnownPayloadHash */ .Ic)(options.client ?? (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .createS3Client */ .qo)(config, options));
        this.bucket = config.bucket;
        this.prefix = (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .normalizePrefix */ .iG)(config.prefix);
        this.concurrency = config.concurrency ?? _store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_S3_CONCURRENCY */ .Z6;
        this.root = (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .publicRootUrl */ .DD)(config);
        this.queue = new p_queue__WEBPACK_IMPORTED_MODULE_2__/* ["default"] */ .Ay({ concurrency: this.concurrency });
        this.multipartThreshold = options.multipartThreshold ?? _store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .MULTIPART_THRESHOLD */ .xf;
        this.listPageSize = options.listPageSize;
    }
    get location() {
        return `s3://${this.bucket}/${this.prefix}`;
    }
    keyOf(path) {
        if (!path || path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.' || s === '')) {
            throw new Error(`not a relative file path: ${JSON.stringify(path)}`);
        }
        return `${this.prefix}${path}`;
    }
    url(path) {
        return `${this.root}${(0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeKeyPath */ .xC)(path)}`;
    }
    async list() {
        return new Set((await this.listing()).keys());
    }
    /**
     * Every object under the prefix with its size and MD5, from one paginated ListObjectsV2, fetched
     * once per target instance (one deliver run) and kept current by this instance's own writes.
     */
    listing() {
        if (!this.listed) {
            this.listed = this.fetchListing();
            this.listed.catch(() => {
                this.listed = undefined; // a failed listing is retried by the next caller
            });
        }
        return this.listed;
    }
    /** Forget the cached listing (another writer may have changed the bucket). */
    refresh() {
        this.listed = undefined;
    }
    /** True when the listing shows exactly these bytes at `path` (same size and MD5): no write needed. */
    async holds(path, bytes) {
        const entry = (await this.listing()).get(path);
        return entry?.size === bytes.length && entry.md5 !== undefined && entry.md5 === (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .md5Hex */ .CC)(bytes);
    }
    /**
     * True when the listing shows `path` with the size and MD5 of `original`, whose bytes the caller
     * proved: an unchanged alias is recognised without loading or hashing its bytes.
     */
    async holdsCopy(path, original) {
        const listing = await this.listing();
        const copy = listing.get(path);
        const source = listing.get(original);
        return copy?.md5 !== undefined && copy.md5 === source?.md5 && copy.size === source.size;
    }
    /**
     * Stores the bytes and verifies them. `options.sha256` (hex), when the caller already hashed the
     * bytes, saves a hashing pass; S3 rejects the write if it does not match.
     */
    async put(path, bytes, options) {
        const key = this.keyOf(path);
        // Replacing damaged bytes under an immutable name is the one overwrite: no If-None-Match then.
        const immutable = options.cacheControl === _target_js__WEBPACK_IMPORTED_MODULE_3__/* .IMMUTABLE */ .h && !options.replace;
        await this.queue.add(async () => {
            const md5 = bytes.length > this.multipartThreshold
                ? await this.putMultipart(key, bytes, options, immutable)
                : await this.putSingle(key, bytes, options, immutable);
            const listing = await this.listed?.catch(() => undefined);
            listing?.set(path, { size: bytes.length, md5 });
        });
    }
    /**
     * One HEAD with ChecksumMode: the SHA-256 the upload stored (S3 verified it on write) against the
     * name. An object without a whole-object SHA-256 (multipart, or written by another tool) is read
     * and hashed instead.
     */
    async matches(path, sha256) {
        const key = this.keyOf(path);
        return this.queue.add(async () => {
            try {
                const head = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
                const stored = head.ChecksumSHA256;
                if (stored && !stored.includes('-'))
                    return stored === (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .hexToBase64 */ .OG)(sha256);
                const object = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.GetObjectCommand({ Bucket: this.bucket, Key: key }));
                const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
                for await (const chunk of object.Body)
                    hash.update(chunk);
                return hash.digest('hex') === sha256;
            }
            catch (error) {
                if ((0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .isNotFound */ .c4)(error))
                    return false;
                throw error;
            }
        });
    }
    /** Size, type, cache lifetime and MD5 of one object (for checks and tests; deliver never needs it). */
    async head(path) {
        const head = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(path) }));
        return {
            size: head.ContentLength,
            contentType: head.ContentType,
            cacheControl: head.CacheControl,
            md5: (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .etagMd5 */ .i2)(head.ETag),
        };
    }
    async fetchListing() {
        const objects = new Map();
        let token;
        do {
            const page = await this.queue.add(() => this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.ListObjectsV2Command({
                Bucket: this.bucket,
                Prefix: this.prefix || undefined,
                ContinuationToken: token,
                MaxKeys: this.listPageSize,
            })));
            for (const object of page.Contents ?? []) {
                if (!object.Key?.startsWith(this.prefix))
                    continue;
                objects.set(object.Key.slice(this.prefix.length), {
                    size: object.Size ?? -1,
                    md5: (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .etagMd5 */ .i2)(object.ETag),
                });
            }
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return objects;
    }
    async putSingle(key, bytes, options, immutable) {
        const sha256 = options.sha256 ? (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .hexToBase64 */ .OG)(options.sha256) : (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Base64 */ .TZ)(bytes);
        try {
            const response = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.PutObjectCommand({
                Bucket: this.bucket,
                Key: key,
                Body: bytes,
                ContentLength: bytes.length,
                ContentType: options.contentType,
                CacheControl: options.cacheControl,
                // Verified and kept by S3 (the algorithm named, so HEAD's ChecksumMode returns it: see
                // `matches`), and signed as the payload hash (withKnownPayloadHash).
                ChecksumAlgorithm: 'SHA256',
                ChecksumSHA256: sha256,
                // A content-hashed name holds one content forever: write it only if absent.
                IfNoneMatch: immutable ? '*' : undefined,
            }));
            const stored = (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .etagMd5 */ .i2)(response.ETag);
            // A server that checks checksums (AWS S3, R2, MinIO) refuses a body other than the one its
            // checksum names and echoes that checksum on success: proof enough, without an MD5 pass.
            if (response.ChecksumSHA256 === sha256)
                return stored;
            if (response.ChecksumSHA256 !== undefined) {
                throw new DeliveryMismatchError(`${this.location}${key.slice(this.prefix.length)}: stored SHA-256 ${response.ChecksumSHA256}, sent ${sha256}`);
            }
            // The checksum was ignored: the ETag, the server's MD5 of what it stored, must be ours.
            if (stored === undefined)
                return this.verifyByHead(key, bytes);
            const md5 = (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .md5Hex */ .CC)(bytes);
            if (stored !== md5) {
                throw new DeliveryMismatchError(`${this.location}${key.slice(this.prefix.length)}: stored MD5 ${stored}, sent ${md5}`);
            }
            return md5;
        }
        catch (error) {
            if (!(immutable && (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .isPreconditionFailed */ .W$)(error)))
                throw error;
            // Present already (the listing was stale). Its name promises these bytes: hold it to that.
            return this.verifyByHead(key, bytes, true);
        }
    }
    async putMultipart(key, bytes, options, immutable) {
        await (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .putMultipart */ .Yk)(this.client, {
            bucket: this.bucket,
            key,
            bytes,
            contentType: options.contentType,
            cacheControl: options.cacheControl,
            ifAbsent: immutable,
        });
        return this.verifyByHead(key, bytes);
    }
    /** One HEAD: the size must match, and the MD5 too when the ETag is one. Returns the MD5 if known. */
    async verifyByHead(key, bytes, existing = false) {
        const head = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        const md5 = (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .etagMd5 */ .i2)(head.ETag);
        const what = existing ? 'existing object' : 'upload';
        if (head.ContentLength !== bytes.length) {
            throw new DeliveryMismatchError(`${this.bucket}/${key}: ${what} has ${head.ContentLength} bytes, expected ${bytes.length}`);
        }
        if (md5 !== undefined && md5 !== (0,_store_s3_client_js__WEBPACK_IMPORTED_MODULE_1__/* .md5Hex */ .CC)(bytes)) {
            throw new DeliveryMismatchError(`${this.bucket}/${key}: ${what} has other bytes (MD5 ${md5})`);
        }
        return md5;
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
