export const id = 165;
export const ids = [165];
export const modules = {

/***/ 7165:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exportJobs: () => (/* binding */ exportJobs),
/* harmony export */   mergeStates: () => (/* binding */ mergeStates)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _core_canonical_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(45421);
/* harmony import */ var _fs_blob_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(87872);
/* harmony import */ var _json_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90087);
/* harmony import */ var _workspace_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(16032);






async function mergeStates(target, sources) {
    const into = (0,_workspace_js__WEBPACK_IMPORTED_MODULE_5__/* .statePaths */ .mt)(target);
    const blobs = new _fs_blob_store_js__WEBPACK_IMPORTED_MODULE_3__/* .FsBlobStore */ .K(into.blobs);
    const jobs = new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(into.jobs);
    const refused = new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(into.refused);
    const result = {
        blobsCopied: 0,
        blobsPresent: 0,
        blobsCorrupt: [],
        recordsAdded: 0,
        recordsPresent: 0,
        recordsRejected: [],
        refusalsAdded: 0,
    };
    for (const source of sources) {
        const from = (0,_workspace_js__WEBPACK_IMPORTED_MODULE_5__/* .statePaths */ .mt)(source);
        await copyBlobs(from.blobs, blobs, result);
        for (const [key, record] of await new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(from.jobs).entries()) {
            const present = await jobs.get(key);
            if (present?.key === key && (await blobs.has(present.blob))) {
                result.recordsPresent++;
                continue;
            }
            if (record.key !== key || !(await blobs.has(record.blob))) {
                result.recordsRejected.push(key);
                continue;
            }
            await jobs.set(key, record);
            result.recordsAdded++;
        }
        for (const [key, record] of await new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(from.refused).entries()) {
            if (await refused.get(key))
                continue;
            await refused.set(key, record);
            result.refusalsAdded++;
        }
    }
    return result;
}
/** Every blob under `root/sha256/ab/…`, verified by hash, copied into `into` when missing. */
async function copyBlobs(root, into, result) {
    const source = new _fs_blob_store_js__WEBPACK_IMPORTED_MODULE_3__/* .FsBlobStore */ .K(root);
    const fans = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(root, 'sha256')).catch(() => []);
    for (const fan of fans.sort()) {
        const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(root, 'sha256', fan)).catch(() => []);
        for (const name of names.sort()) {
            if (!/^[0-9a-f]{64}$/.test(name))
                continue; // temp files of an interrupted write
            if (await into.has(name)) {
                result.blobsPresent++;
                continue;
            }
            let bytes;
            try {
                bytes = await source.get(name);
            }
            catch {
                result.blobsCorrupt.push(name);
                continue;
            }
            if ((0,_core_canonical_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256Hex */ .fg)(bytes) !== name) {
                result.blobsCorrupt.push(name);
                continue;
            }
            await into.put(bytes);
            result.blobsCopied++;
        }
    }
}
/**
 * The reverse of a merge, for a shard's artifact: only the given jobs' blobs and records (what this
 * run made) are written to `target` in the state folder's layout, so the artifact holds this run's
 * work, not the whole cache it restored. `genops merge` takes the folder as it takes any state folder.
 */
async function exportJobs(source, target, keys) {
    const from = (0,_workspace_js__WEBPACK_IMPORTED_MODULE_5__/* .statePaths */ .mt)(source);
    const into = (0,_workspace_js__WEBPACK_IMPORTED_MODULE_5__/* .statePaths */ .mt)(target);
    const blobsFrom = new _fs_blob_store_js__WEBPACK_IMPORTED_MODULE_3__/* .FsBlobStore */ .K(from.blobs);
    const blobsInto = new _fs_blob_store_js__WEBPACK_IMPORTED_MODULE_3__/* .FsBlobStore */ .K(into.blobs);
    const jobsFrom = new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(from.jobs);
    const jobsInto = new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(into.jobs);
    const refusedFrom = new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(from.refused);
    const refusedInto = new _json_index_js__WEBPACK_IMPORTED_MODULE_4__/* .JsonIndex */ .Z(into.refused);
    const result = { blobs: 0, records: 0, refusals: 0, bytes: 0 };
    for (const key of keys) {
        const refusal = await refusedFrom.get(key);
        if (refusal) {
            await refusedInto.set(key, refusal);
            result.refusals++;
        }
        const record = await jobsFrom.get(key);
        if (record?.key !== key || !(await blobsFrom.has(record.blob)))
            continue;
        if (!(await blobsInto.has(record.blob))) {
            const bytes = await blobsFrom.get(record.blob);
            await blobsInto.put(bytes);
            result.blobs++;
            result.bytes += bytes.length;
        }
        await jobsInto.set(key, record);
        result.records++;
    }
    return result;
}


/***/ })

};
