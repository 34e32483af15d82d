export const id = 7;
export const ids = [7];
export const modules = {

/***/ 54007:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c2paMemoKey: () => (/* binding */ c2paMemoKey),
/* harmony export */   c2paSignerFromPem: () => (/* binding */ c2paSignerFromPem),
/* harmony export */   canSignC2pa: () => (/* binding */ canSignC2pa),
/* harmony export */   loadC2paSigner: () => (/* binding */ loadC2paSigner),
/* harmony export */   signC2pa: () => (/* binding */ signC2pa),
/* harmony export */   verifyC2pa: () => (/* binding */ verifyC2pa)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _peculiar_x509__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8927);
/* harmony import */ var _trustnxt_c2pa_ts_asset__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(23788);
/* harmony import */ var _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(56338);
/* harmony import */ var _trustnxt_c2pa_ts_jumbf__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(34768);
/* harmony import */ var _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(20489);
/* harmony import */ var _trustnxt_c2pa_ts_rfc3161__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(95340);
/* harmony import */ var _core_canonical_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(45421);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(53388);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(51870);
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












/** Formats the signer can embed a manifest in; WebP and AVIF are delivered unsigned. */
function canSignC2pa(format) {
    return format === 'png' || format === 'jpeg';
}
/** Reads the certificate and key a manifest names. Paths are relative to `baseDir` (the manifest's folder). */
async function loadC2paSigner(spec, options) {
    const where = { file: options.manifestFile ?? 'genops.yaml', path: 'delivery.c2pa' };
    const readPem = async (file, what) => {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(options.baseDir, file), 'utf8');
        }
        catch (error) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_10__/* .InputError */ .dz({
                ...where,
                message: `cannot read the C2PA ${what} ${JSON.stringify(file)}: ${error.message}`,
                hint: 'paths are relative to the manifest',
            });
        }
    };
    const certificatePem = await readPem(spec.certificate, 'certificate');
    let keyPem;
    if (spec.privateKeyEnv) {
        keyPem = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_11__/* .readSecret */ .n5)(options.env ?? process.env, spec.privateKeyEnv);
        if (!keyPem) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_10__/* .InputError */ .dz({
                ...where,
                message: `environment variable ${spec.privateKeyEnv} (the C2PA private key) is not set`,
                hint: 'pass the PEM key from a secret via env:, or remove delivery.c2pa to deliver unsigned',
            });
        }
    }
    else if (spec.privateKey) {
        keyPem = await readPem(spec.privateKey, 'private key');
        (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_11__/* .rememberSecret */ .Gz)(keyPem);
    }
    else {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_10__/* .InputError */ .dz({ ...where, message: 'needs privateKey (a file) or privateKeyEnv (a variable)' });
    }
    const timestampProvider = spec.timestampUrl ? new _trustnxt_c2pa_ts_rfc3161__WEBPACK_IMPORTED_MODULE_8__/* .WebTimestampProvider */ .c8(spec.timestampUrl) : undefined;
    try {
        return c2paSignerFromPem(certificatePem, keyPem, { timestampProvider });
    }
    catch (error) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_10__/* .InputError */ .dz({ ...where, message: error.message });
    }
}
/** A signer from PEM text: the certificate (then its intermediates) and the matching private key. */
function c2paSignerFromPem(certificatePem, privateKeyPem, options = {}) {
    const blocks = certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    const [leafPem, ...chainPem] = blocks;
    if (!leafPem)
        throw new Error('the C2PA certificate file holds no PEM certificate');
    const certificate = new _peculiar_x509__WEBPACK_IMPORTED_MODULE_3__/* .X509Certificate */ .yI(leafPem);
    const chain = chainPem.map((pem) => new _peculiar_x509__WEBPACK_IMPORTED_MODULE_3__/* .X509Certificate */ .yI(pem));
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(privateKeyPem);
    }
    catch (error) {
        throw new Error(`the C2PA private key is not a readable PEM key (${error.message})`);
    }
    const algorithm = algorithmOf(key);
    const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
    return {
        signer: new _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .LocalSigner */ .WX(pkcs8, algorithm, certificate, chain),
        timestampProvider: options.timestampProvider,
        subject: certificate.subject,
        notAfter: certificate.notAfter,
        fingerprint: (0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_9__/* .sha256Hex */ .fg)(new Uint8Array(certificate.rawData)),
        deterministic: algorithm === _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .CoseAlgorithmIdentifier */ .LA.Ed25519 && !options.timestampProvider,
    };
}
function algorithmOf(key) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    switch (key.asymmetricKeyType) {
        case 'ec':
            if (curve === 'prime256v1')
                return _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .CoseAlgorithmIdentifier */ .LA.ES256;
            if (curve === 'secp384r1')
                return _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .CoseAlgorithmIdentifier */ .LA.ES384;
            if (curve === 'secp521r1')
                return _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .CoseAlgorithmIdentifier */ .LA.ES512;
            throw new Error(`EC curve ${curve} is not allowed by C2PA (use P-256, P-384 or P-521)`);
        case 'ed25519':
            return _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .CoseAlgorithmIdentifier */ .LA.Ed25519;
        case 'rsa':
        case 'rsa-pss':
            return _trustnxt_c2pa_ts_cose__WEBPACK_IMPORTED_MODULE_5__/* .CoseAlgorithmIdentifier */ .LA.PS256;
        default:
            throw new Error(`key type ${key.asymmetricKeyType} is not allowed by C2PA (use EC, Ed25519 or RSA)`);
    }
}
/** Room for the signature, the certificates and, with a time-stamp authority, its token. */
function signaturePadding(signer) {
    return 1024 + (signer.timestampProvider ? 24_000 : 0);
}
/**
 * The key a signed result is remembered by: the unsigned bytes, the claim and the signer.
 */
function c2paMemoKey(bytes, signer, claim = {}) {
    return (0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_9__/* .sha256Hex */ .fg)((0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_9__/* .canonicalJson */ .dj)({
        bytes: (0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_9__/* .sha256Hex */ .fg)(bytes),
        claim,
        signer: signer.fingerprint,
        tsa: Boolean(signer.timestampProvider),
    }));
}
/**
 * Embeds a signed C2PA manifest in a PNG or JPEG and returns the new bytes. The pixels and other
 * chunks are untouched; the file grows by the manifest (≈2 KB plus the certificate chain).
 */
async function signC2pa(bytes, signer, claim = {}, memo) {
    const key = c2paMemoKey(bytes, signer, claim);
    if (memo && !signer.deterministic) {
        const known = await memo.get(key);
        if (known)
            return known;
    }
    const asset = openAsset(bytes);
    if (!asset)
        throw new Error('C2PA signing supports PNG and JPEG only');
    if (asset.getManifestJUMBF())
        throw new Error('the image already carries a C2PA manifest; sign unsigned bytes');
    const store = new _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .ManifestStore */ .vF();
    const manifest = store.createManifest({
        assetFormat: asset.mimeType,
        instanceID: `xmp:iid:${uuidFrom(key, 'instance')}`,
        defaultHashAlgorithm: 'SHA-256',
        signer: signer.signer,
    });
    // Derived from the content, not random: the same input signs to the same bytes (with Ed25519).
    manifest.label = `urn:uuid:${uuidFrom(key, 'manifest')}`;
    manifest.signature = _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .Signature */ .to.create(signer.signer, signaturePadding(signer));
    const dataHash = _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .DataHashAssertion */ .bm.create('SHA-256');
    manifest.addAssertion(dataHash);
    const actions = new _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .ActionAssertion */ .DH();
    actions.actions.push({
        action: _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .ActionType */ .X2.C2paCreated,
        digitalSourceType: claim.digitalSourceType ?? _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .DigitalSourceType */ .se.TrainedAlgorithmicMedia,
        softwareAgent: claim.softwareAgent ?? { name: 'GenOps' },
        ...(claim.description ? { description: claim.description } : {}),
    });
    manifest.addAssertion(actions);
    await asset.ensureManifestSpace(store.measureSize());
    await dataHash.updateWithAsset(asset);
    await manifest.sign(signer.signer, signer.timestampProvider);
    await asset.writeManifestJUMBF(store.getBytes());
    const signed = Buffer.from(await asset.getDataRange());
    if (memo && !signer.deterministic)
        await memo.set(key, signed);
    return signed;
}
/**
 * Reads and validates the embedded manifest with the library's own validator. Note: c2pa-ts 0.9
 * does not check the certificate chain against a trust list — `valid` means well-formed, untampered
 * and signed by the embedded certificate, not that the signer is trusted.
 */
async function verifyC2pa(bytes) {
    const asset = openAsset(bytes);
    const jumbf = asset?.getManifestJUMBF();
    if (!asset || !jumbf)
        return { present: false, valid: false, statuses: [] };
    try {
        const store = _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .ManifestStore */ .vF.read(_trustnxt_c2pa_ts_jumbf__WEBPACK_IMPORTED_MODULE_6__/* .SuperBox */ .VS.fromBuffer(jumbf));
        const result = await store.validate(asset);
        const manifest = store.getActiveManifest();
        const action = manifest?.assertions?.assertions
            .filter((a) => a instanceof _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .ActionAssertion */ .DH)
            .flatMap((a) => a.actions)
            .find((a) => a.action === _trustnxt_c2pa_ts_manifest__WEBPACK_IMPORTED_MODULE_7__/* .ActionType */ .X2.C2paCreated);
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
    }
    catch (error) {
        return {
            present: true,
            valid: false,
            statuses: [{ code: 'manifest.malformed', success: false, explanation: error.message }],
        };
    }
}
function openAsset(bytes) {
    if (_trustnxt_c2pa_ts_asset__WEBPACK_IMPORTED_MODULE_4__/* .PNG */ .OA.canRead(bytes))
        return new _trustnxt_c2pa_ts_asset__WEBPACK_IMPORTED_MODULE_4__/* .PNG */ .OA(bytes);
    if (_trustnxt_c2pa_ts_asset__WEBPACK_IMPORTED_MODULE_4__/* .JPEG */ .$U.canRead(bytes))
        return new _trustnxt_c2pa_ts_asset__WEBPACK_IMPORTED_MODULE_4__/* .JPEG */ .$U(bytes);
    return undefined;
}
/** A version-4-shaped UUID from a hash, so identifiers are stable for the same content. */
function uuidFrom(key, purpose) {
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`${purpose}:${key}`).digest();
    h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
    h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}


/***/ })

};
