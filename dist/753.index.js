export const id = 753;
export const ids = [753,865];
export const modules = {

/***/ 64753:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  COMFYUI_VERSION: () => (/* binding */ COMFYUI_VERSION),
  checkAgainstObjectInfo: () => (/* binding */ checkAgainstObjectInfo),
  comboChoices: () => (/* binding */ comboChoices),
  createComfyUIGenerator: () => (/* binding */ createComfyUIGenerator),
  describeRejection: () => (/* binding */ describeRejection)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/ws/wrapper.mjs
var wrapper = __webpack_require__(52977);
// EXTERNAL MODULE: ./build/action-package/src/core/errors.js
var errors = __webpack_require__(53388);
// EXTERNAL MODULE: ./build/action-package/src/core/secrets.js
var secrets = __webpack_require__(51870);
// EXTERNAL MODULE: ./build/action-package/src/generators/bounded-body.js
var bounded_body = __webpack_require__(89520);
// EXTERNAL MODULE: ./build/action-package/src/core/canonical.js
var canonical = __webpack_require__(45421);
// EXTERNAL MODULE: ./build/action-package/src/generators/generator.js
var generator = __webpack_require__(715);
;// CONCATENATED MODULE: ./build/action-package/src/generators/comfyui-workflow.js



const NUMERIC = new Set(['seed', 'width', 'height', 'steps', 'cfg', 'denoise']);
const TEXT = new Set(['prompt', 'negative', 'checkpoint', 'sampler', 'scheduler']);
const TOKEN = /\{\{\s*([A-Za-z][\w.]*)\s*(?:\|([^}]*))?\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z][\w.]*)\s*(?:\|([^}]*))?\}\}$/;
const CHECKPOINT_LOADERS = new Set(['CheckpointLoaderSimple', 'CheckpointLoader', 'unCLIPCheckpointLoader']);
/** Parses and checks a workflow file: JSON, API format, known placeholders. Bad input is an InputError. */
function parseWorkflow(file, bytes) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch (error) {
        throw new errors/* InputError */.dz({ file, message: `workflow is not valid JSON (${error.message})` });
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
        throw new errors/* InputError */.dz({ file, message: 'workflow must be a JSON object of nodes (ComfyUI API format)' });
    }
    const record = json;
    if (Array.isArray(record.nodes) && 'links' in record) {
        throw new errors/* InputError */.dz({
            file,
            message: 'this is a ComfyUI UI workflow, not the API format',
            hint: 'in ComfyUI use Workflow → Export (API) (or "Save (API Format)" with dev mode on) and commit that file',
        });
    }
    const problems = [];
    const placeholders = new Set();
    for (const [id, node] of Object.entries(record)) {
        const n = node;
        if (!n ||
            typeof n !== 'object' ||
            typeof n.class_type !== 'string' ||
            !n.inputs ||
            typeof n.inputs !== 'object') {
            problems.push({ path: id, message: `node "${id}" needs a class_type string and an inputs object` });
            continue;
        }
        for (const [input, value] of Object.entries(n.inputs)) {
            if (typeof value !== 'string')
                continue;
            for (const match of value.matchAll(TOKEN)) {
                const name = match[1];
                if (!isKnownPlaceholder(name)) {
                    problems.push({
                        path: `${id}.inputs.${input}`,
                        message: `unknown placeholder {{${name}}} in node ${id} (${n.class_type})`,
                    });
                }
                placeholders.add(name);
            }
        }
    }
    if (problems.length) {
        throw new errors/* InputError */.dz(problems.map((p) => ({
            file,
            path: p.path,
            message: p.message,
            hint: `placeholders are ${[...TEXT, ...NUMERIC].map((x) => `{{${x}}}`).join(' ')} and {{params.NAME}}`,
        })));
    }
    const graph = record;
    if (!placeholders.has('prompt')) {
        throw new errors/* InputError */.dz({
            file,
            message: 'the workflow has no {{prompt}} placeholder, so every asset would get the same image',
            hint: 'put "{{prompt}}" as the text of the positive CLIPTextEncode node',
        });
    }
    return { file, graph, placeholders, checkpoint: workflowCheckpoint(graph) };
}
function isKnownPlaceholder(name) {
    return NUMERIC.has(name) || TEXT.has(name) || /^params\.[A-Za-z_]\w*$/.test(name);
}
/** The loader LoRAs attach to: the one that takes `{{checkpoint}}`, else the first by node id. */
function checkpointLoader(graph) {
    const loaders = Object.keys(graph)
        .filter((id) => CHECKPOINT_LOADERS.has(graph[id]?.class_type ?? ''))
        .sort(compareIds);
    return (loaders.find((id) => {
        const name = graph[id]?.inputs.ckpt_name;
        return typeof name === 'string' && WHOLE.exec(name)?.[1] === 'checkpoint';
    }) ?? loaders[0]);
}
function workflowCheckpoint(graph) {
    const id = checkpointLoader(graph);
    const name = id ? graph[id]?.inputs.ckpt_name : undefined;
    if (typeof name !== 'string')
        return undefined;
    const whole = WHOLE.exec(name);
    if (!whole)
        return name;
    return whole[1] === 'checkpoint' && whole[2] ? whole[2].trim() : undefined;
}
/**
 * The graph for one job: placeholders filled, LoRAs and hypernetworks chained in. A placeholder with
 * neither a value nor a default is a permanent error naming the node, its class and the input.
 */
function buildGraph(workflow, values, embeddings) {
    const inversions = embeddings.filter((e) => e.kind === 'textual-inversion');
    const prompt = [
        values.prompt,
        ...inversions.map((e) => (e.weight === 1 ? `embedding:${e.name}` : `(embedding:${e.name}:${e.weight})`)),
    ]
        .filter(Boolean)
        .join(', ');
    const lookup = (name) => {
        if (name.startsWith('params.'))
            return values.params[name.slice('params.'.length)];
        if (name === 'prompt')
            return prompt;
        if (name === 'cfg')
            return values.cfg;
        return values[name];
    };
    const graph = {};
    for (const [id, node] of Object.entries(workflow.graph)) {
        const inputs = {};
        for (const [input, value] of Object.entries(node.inputs)) {
            inputs[input] =
                typeof value === 'string'
                    ? fill(value, lookup, `node ${id} (${node.class_type}) input ${input}`)
                    : value;
        }
        graph[id] = { ...node, inputs: structuredClone(inputs) };
    }
    return chainNetworks(graph, embeddings);
}
function fill(value, lookup, where) {
    const resolve = (name, fallback) => {
        const found = lookup(name);
        if (found !== undefined && found !== null && found !== '')
            return found;
        if (fallback !== undefined)
            return defaultValue(name, fallback.trim());
        if (name === 'negative')
            return '';
        const field = name === 'cfg' ? 'cfgScale' : name;
        throw new generator/* GenerationError */.V(`comfyui: ${where} uses {{${name}}} but the job has no ${name}; set ${field}: in the manifest or write {{${name}|DEFAULT}} in the workflow`, 'permanent');
    };
    const whole = WHOLE.exec(value);
    if (whole) {
        const name = whole[1];
        const resolved = resolve(name, whole[2]);
        if (NUMERIC.has(name)) {
            const number = typeof resolved === 'number' ? resolved : Number(resolved);
            if (!Number.isFinite(number))
                throw new generator/* GenerationError */.V(`comfyui: ${where}: {{${name}}} must be a number, not ${JSON.stringify(resolved)}`, 'permanent');
            return number;
        }
        return resolved;
    }
    return value.replace(TOKEN, (_, name, fallback) => String(resolve(name, fallback)));
}
/**
 * A placeholder's `|default` as the node expects it: a number for numeric placeholders, text for
 * the text ones, and for `{{params.x|…}}` its JSON type (`1` the number, `true` the boolean, `"1"`
 * and anything not JSON the text), as a value in the workflow itself would be.
 */
function defaultValue(name, text) {
    if (NUMERIC.has(name))
        return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    if (TEXT.has(name) || text === '')
        return text;
    try {
        const value = JSON.parse(text);
        return value === null || typeof value === 'object' ? text : value;
    }
    catch {
        return text;
    }
}
/** Inserts LoraLoader (model + clip) and HypernetworkLoader (model) nodes after the checkpoint loader. */
function chainNetworks(graph, embeddings) {
    const loras = embeddings.filter((e) => e.kind === 'lora');
    const hypernetworks = embeddings.filter((e) => e.kind === 'hypernetwork');
    if (!loras.length && !hypernetworks.length)
        return graph;
    const loader = checkpointLoader(graph);
    if (!loader) {
        throw new generator/* GenerationError */.V(`comfyui: the workflow has no ${[...CHECKPOINT_LOADERS].join('/')} node to attach LoRAs or hypernetworks to`, 'permanent');
    }
    let next = Math.max(0, ...Object.keys(graph).map((id) => (/^\d+$/.test(id) ? Number(id) : 0))) + 1;
    const newId = () => {
        while (String(next) in graph)
            next++;
        return String(next++);
    };
    let model = [loader, 0];
    let clip = [loader, 1];
    const added = new Set();
    for (const lora of loras) {
        const id = newId();
        graph[id] = {
            class_type: 'LoraLoader',
            inputs: { model, clip, lora_name: lora.name, strength_model: lora.weight, strength_clip: lora.weight },
            _meta: { title: `genops LoRA ${lora.name}` },
        };
        added.add(id);
        model = [id, 0];
        clip = [id, 1];
    }
    for (const hypernetwork of hypernetworks) {
        const id = newId();
        graph[id] = {
            class_type: 'HypernetworkLoader',
            inputs: { model, hypernetwork_name: hypernetwork.name, strength: hypernetwork.weight },
            _meta: { title: `genops hypernetwork ${hypernetwork.name}` },
        };
        added.add(id);
        model = [id, 0];
    }
    // Every consumer of the loader's MODEL and CLIP now reads the end of the chain (VAE stays direct).
    for (const [id, node] of Object.entries(graph)) {
        if (added.has(id))
            continue;
        for (const [input, value] of Object.entries(node.inputs)) {
            if (!isLink(value) || value[0] !== loader)
                continue;
            if (value[1] === 0)
                node.inputs[input] = [...model];
            else if (value[1] === 1)
                node.inputs[input] = [...clip];
        }
    }
    return graph;
}
function isLink(value) {
    return (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number');
}
/** Numeric ids in numeric order, then the rest by text: "2" < "10" < "a". */
function compareIds(a, b) {
    const na = /^\d+$/.test(a) ? Number(a) : Number.NaN;
    const nb = /^\d+$/.test(b) ? Number(b) : Number.NaN;
    if (!Number.isNaN(na) && !Number.isNaN(nb))
        return na - nb;
    if (!Number.isNaN(na))
        return -1;
    if (!Number.isNaN(nb))
        return 1;
    return (0,canonical/* byCodeUnit */.X)(a, b);
}
/** The seed the graph will sample with (KSampler `seed`, KSamplerAdvanced/RandomNoise `noise_seed`). */
function graphSeed(graph) {
    for (const id of Object.keys(graph).sort(compareIds)) {
        const inputs = graph[id]?.inputs ?? {};
        for (const name of ['seed', 'noise_seed'])
            if (typeof inputs[name] === 'number')
                return inputs[name];
    }
    return undefined;
}

// EXTERNAL MODULE: ./build/action-package/src/generators/http.js
var http = __webpack_require__(31484);
// EXTERNAL MODULE: ./build/action-package/src/generators/image-output.js
var image_output = __webpack_require__(37865);
// EXTERNAL MODULE: ./build/action-package/src/generators/options.js
var options = __webpack_require__(76104);
;// CONCATENATED MODULE: ./build/action-package/src/generators/comfyui.js












/**
 * ComfyUI: a workflow in API format, committed next to the manifest, filled per job and submitted to
 * `POST /prompt`. Completion is followed on `/ws` and confirmed in `/history/{id}` (polled on its own
 * when the socket cannot be opened or goes quiet); the image comes from `/view`.
 */
const COMFYUI_VERSION = '1';
function createComfyUIGenerator(setup) {
    const { config, env } = setup;
    const baseUrl = (0,options/* serverUrl */.Vd)(config) ?? 'http://127.0.0.1:8188';
    const workflowName = (0,options/* stringOption */.Pp)(config, 'workflow');
    if (!workflowName) {
        throw new errors/* InputError */.dz({
            file: setup.name,
            message: `generator "${setup.name}" (comfyui) needs workflow: the path of a workflow in API format`,
        });
    }
    // Read synchronously: the plan layer keys jobs by this file's hash before anything runs.
    const workflowFile = external_node_path_.resolve(setup.baseDir, workflowName);
    let bytes;
    try {
        bytes = (0,external_node_fs_.readFileSync)(workflowFile);
    }
    catch (error) {
        throw new errors/* InputError */.dz({
            file: workflowName,
            message: `cannot read the workflow of generator "${setup.name}" (${error.code ?? 'error'})`,
            hint: 'workflow: is relative to the manifest; export it from ComfyUI with Export (API)',
        });
    }
    const workflow = parseWorkflow(workflowName, bytes);
    const checkpoint = (0,options/* stringOption */.Pp)(config, 'checkpoint') ?? workflow.checkpoint;
    if (workflow.placeholders.has('checkpoint') && !checkpoint) {
        throw new errors/* InputError */.dz({
            file: workflowName,
            message: `the workflow uses {{checkpoint}} but generator "${setup.name}" sets no checkpoint`,
            hint: 'add checkpoint: <file name> to the generator, or write {{checkpoint|<file name>}} in the workflow',
        });
    }
    const apiKeyEnv = (0,options/* stringOption */.Pp)(config, 'apiKeyEnv');
    const pollMs = (0,options/* numberOption */.jZ)(config, 'pollIntervalMs') ?? 1000;
    // One GPU runs one prompt at a time; a second in flight keeps the server's queue from running dry.
    const limits = (0,generator/* limitsFrom */.D)(config, { concurrency: 2, timeoutMs: 600_000, retries: 2 });
    const identity = {
        type: 'comfyui',
        model: checkpoint ?? 'workflow-defined',
        endpointClass: 'comfyui',
        workflowHash: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'),
        version: COMFYUI_VERSION,
    };
    const headers = (json = false) => {
        let token;
        if (apiKeyEnv) {
            token = (0,secrets/* readSecret */.n5)(env, apiKeyEnv);
            if (!token)
                throw (0,http/* missingKey */.aV)('comfyui', apiKeyEnv);
        }
        return { ...(0,http/* bearer */.CM)(token), ...(json ? { 'content-type': 'application/json' } : {}) };
    };
    const graphFor = (job) => {
        const { request: req } = job;
        if (req.negativePrompt && !workflow.placeholders.has('negative')) {
            throw new generator/* GenerationError */.V(`comfyui: asset "${job.asset}" has a negative prompt but ${workflowName} has no {{negative}} placeholder`, 'permanent');
        }
        return buildGraph(workflow, {
            prompt: req.prompt,
            negative: req.negativePrompt,
            seed: req.seed,
            width: req.width,
            height: req.height,
            steps: req.steps,
            cfg: req.cfgScale,
            checkpoint,
            sampler: req.sampler,
            scheduler: req.scheduler,
            params: req.params,
        }, req.embeddings);
    };
    const api = (route) => (0,http/* endpoint */.sR)(baseUrl, route);
    const getJson = async (route, signal) => {
        const response = await (0,http/* request */.Em)('comfyui', api(route), { headers: headers(), signal });
        if (!response.ok)
            throw (0,http/* statusError */.$C)('comfyui', response.status, await (0,http/* bodyText */.G3)(response, 500), response.headers);
        return (0,http/* tryJson */.MR)((await (0,bounded_body/* readCapped */.EF)('comfyui', response, bounded_body/* MAX_INFO_BYTES */.Cd)).toString('utf8'));
    };
    const submit = async (graph, clientId, signal) => {
        const response = await (0,http/* request */.Em)('comfyui', api('prompt'), {
            method: 'POST',
            headers: headers(true),
            body: JSON.stringify({ prompt: graph, client_id: clientId }),
            signal,
        });
        const text = await (0,http/* bodyText */.G3)(response, 64_000);
        if (response.status === 400) {
            throw new generator/* GenerationError */.V((0,secrets/* redact */.E$)(describeRejection(workflowName, text)), 'permanent', { status: 400 });
        }
        if (!response.ok)
            throw (0,http/* statusError */.$C)('comfyui', response.status, text.slice(0, 500), response.headers);
        const id = (0,http/* tryJson */.MR)(text)?.prompt_id;
        if (typeof id !== 'string')
            throw new generator/* GenerationError */.V('comfyui /prompt answered without a prompt_id', 'transient');
        return id;
    };
    /** Waits for the prompt's history entry; the socket only wakes the loop early. */
    const waitForHistory = async (id, socket, signal) => {
        let failure;
        let live = socket?.readyState === wrapper/* default */.Ay.OPEN;
        let finished = false;
        let nudged = false;
        let waiter;
        const wake = () => {
            nudged = true;
            waiter?.();
        };
        const onMessage = (data, isBinary) => {
            if (isBinary)
                return; // previews
            const message = (0,http/* tryJson */.MR)(data.toString());
            if (message?.data?.prompt_id !== id)
                return;
            if (message.type === 'execution_error')
                failure = executionError(message.data);
            if (message.type === 'execution_interrupted')
                failure = new generator/* GenerationError */.V(`comfyui: prompt ${id} was interrupted on the server`, 'transient');
            if (message.type === 'execution_success' ||
                (message.type === 'executing' && message.data?.node === null))
                finished = true;
            if (failure || finished)
                wake();
        };
        const onClose = () => {
            live = false;
            wake();
        };
        socket?.on('message', onMessage);
        socket?.on('close', onClose);
        const onAbort = () => wake();
        signal.addEventListener('abort', onAbort);
        try {
            for (;;) {
                signal.throwIfAborted();
                if (failure)
                    throw failure;
                const history = (await getJson(`history/${encodeURIComponent(id)}`, signal));
                const entry = history?.[id];
                if (entry) {
                    if (entry.status?.status_str === 'error')
                        throw failure ?? historyError(id, entry);
                    return entry;
                }
                if (failure)
                    throw failure;
                // With the socket up, history is only a safety net; without it, it is the way we learn.
                // After the end event the entry lands within moments (it is written after execution_success).
                const wait = finished ? Math.min(pollMs, 100) : live ? pollMs * 5 : pollMs;
                if (!nudged) {
                    await new Promise((resolve) => {
                        const timer = setTimeout(done, wait);
                        waiter = done;
                        function done() {
                            clearTimeout(timer);
                            waiter = undefined;
                            resolve();
                        }
                    });
                }
                nudged = false;
            }
        }
        finally {
            socket?.off('message', onMessage);
            socket?.off('close', onClose);
            signal.removeEventListener('abort', onAbort);
        }
    };
    /** Best effort, after an abort: drop the prompt from the queue, interrupt it if it is running. */
    const cancelRemote = async (id) => {
        const signal = AbortSignal.timeout(5000);
        try {
            await fetch(api('queue'), {
                method: 'POST',
                headers: headers(true),
                body: JSON.stringify({ delete: [id] }),
                signal,
            });
            const queue = (await getJson('queue', signal));
            if (queue?.queue_running?.some((item) => item[1] === id)) {
                await fetch(api('interrupt'), {
                    method: 'POST',
                    headers: headers(true),
                    body: JSON.stringify({ prompt_id: id }),
                    signal,
                });
            }
        }
        catch {
            // The server may be the reason we gave up; nothing more to do.
        }
    };
    return {
        type: 'comfyui',
        identity: () => identity,
        limits: () => limits,
        /** Every node class and every list-valued input (checkpoints, LoRAs, samplers…) against /object_info. */
        async preflight(jobs, ctx) {
            // A job whose graph cannot be filled fails on its own in generate; what is checked here is
            // what would fail every job: names the server does not have.
            const graphs = [];
            for (const job of jobs) {
                try {
                    graphs.push(graphFor(job));
                }
                catch { }
            }
            const info = (await getJson('object_info', ctx.signal));
            if (!info || typeof info !== 'object')
                throw new generator/* GenerationError */.V('comfyui /object_info answered no JSON', 'transient');
            const report = checkAgainstObjectInfo(graphs, info);
            if (report)
                throw new generator/* GenerationError */.V(`comfyui: ${workflowName} cannot run on ${baseUrl}:\n${report}`, 'permanent');
        },
        async generate(job, ctx) {
            const graph = graphFor(job);
            const clientId = (0,external_node_crypto_.randomUUID)();
            const socket = await openSocket(baseUrl, clientId, headers(), ctx.signal);
            let id;
            try {
                id = await submit(graph, clientId, ctx.signal);
                const entry = await waitForHistory(id, socket, ctx.signal);
                const image = pickImage(entry);
                if (!image)
                    throw new generator/* GenerationError */.V(`comfyui: prompt ${id} finished without an output image`, 'permanent');
                const query = new URLSearchParams({
                    filename: image.filename,
                    subfolder: image.subfolder ?? '',
                    type: image.type ?? 'output',
                });
                const response = await (0,http/* request */.Em)('comfyui', `${api('view')}?${query}`, {
                    headers: headers(),
                    signal: ctx.signal,
                });
                if (!response.ok)
                    throw (0,http/* statusError */.$C)('comfyui', response.status, await (0,http/* bodyText */.G3)(response, 500), response.headers);
                const bytes = await (0,bounded_body/* readCapped */.EF)('comfyui', response, (0,bounded_body/* jobByteCap */.CD)(job));
                const conformed = await (0,image_output.conformImage)('comfyui', bytes, job);
                return {
                    bytes: conformed.bytes,
                    mediaType: conformed.mediaType,
                    facts: {
                        seed: graphSeed(graph),
                        model: checkpoint,
                        // Same graph + seed gives the same initial noise; samplers may still differ across GPUs.
                        reproducible: workflow.placeholders.has('seed'),
                        extra: {
                            promptId: id,
                            workflowHash: identity.workflowHash,
                            ...(conformed.native ? { native: conformed.native } : {}),
                        },
                    },
                };
            }
            catch (error) {
                if (id && ctx.signal.aborted)
                    void cancelRemote(id);
                throw error;
            }
            finally {
                socket?.close();
            }
        },
    };
}
/** Opens `/ws?clientId=…`; resolves undefined (→ polling) if it cannot within a few seconds. */
function openSocket(baseUrl, clientId, headers, signal) {
    const url = new URL((0,http/* endpoint */.sR)(baseUrl, 'ws'));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('clientId', clientId);
    return new Promise((resolve) => {
        const socket = new wrapper/* default */.Ay(url, { headers, handshakeTimeout: 3000 });
        const done = (value) => {
            signal.removeEventListener('abort', onAbort);
            if (!value)
                socket.terminate();
            resolve(value);
        };
        const onAbort = () => done(undefined);
        signal.addEventListener('abort', onAbort, { once: true });
        // Errors after opening only end the socket; history polling carries on.
        socket.on('error', () => done(undefined));
        socket.once('open', () => done(socket));
    });
}
function pickImage(entry) {
    const all = Object.keys(entry.outputs ?? {})
        .sort(compareIds)
        .flatMap((node) => entry.outputs?.[node]?.images ?? []);
    return all.find((i) => (i.type ?? 'output') === 'output') ?? all[0];
}
function executionError(data) {
    const where = data.node_id
        ? `node ${data.node_id}${data.node_type ? ` (${data.node_type})` : ''}`
        : 'a node';
    const message = (0,secrets/* redact */.E$)(`comfyui: ${where} failed: ${data.exception_type ?? 'error'}: ${(data.exception_message ?? '').trim()}`);
    // Running out of GPU memory can pass when the server frees up; anything else will fail again.
    const transient = /OutOfMemory|out of memory/i.test(`${data.exception_type} ${data.exception_message}`);
    return new generator/* GenerationError */.V(message, transient ? 'transient' : 'permanent');
}
function historyError(id, entry) {
    const event = entry.status?.messages?.find(([type]) => type === 'execution_error');
    if (event)
        return executionError(event[1]);
    return new generator/* GenerationError */.V(`comfyui: prompt ${id} ended with status error`, 'permanent');
}
/** A 400 from /prompt in words: the error, then per node id its class, input names and details. */
function describeRejection(workflowName, text) {
    const body = (0,http/* tryJson */.MR)(text);
    if (!body)
        return `comfyui rejected ${workflowName} (400): ${text.slice(0, 500)}`;
    const error = body.error;
    let head;
    if (typeof error === 'string')
        head = error;
    else if (error && typeof error === 'object') {
        const e = error;
        head =
            [e.type, e.message].filter(Boolean).join(': ') +
                (e.details && e.details !== e.message ? ` — ${e.details}` : '');
    }
    else
        head = 'invalid prompt';
    const lines = [`comfyui rejected ${workflowName} (400): ${head}`];
    // node_errors is {} in newer servers and [] in older ones.
    const nodeErrors = body.node_errors && typeof body.node_errors === 'object' && !Array.isArray(body.node_errors)
        ? body.node_errors
        : {};
    for (const id of Object.keys(nodeErrors).sort(compareIds)) {
        const node = nodeErrors[id];
        for (const e of node.errors ?? []) {
            const input = e.extra_info?.input_name ? ` input ${e.extra_info.input_name}` : '';
            const detail = e.details ? ` — ${e.details}` : '';
            lines.push(`  node ${id} (${node.class_type ?? '?'})${input}: ${e.message ?? e.type ?? 'error'}${detail}`);
        }
    }
    return lines.join('\n');
}
/** The choices of a combo input: `[[a, b], {}]` (classic) or `["COMBO", {options: [a, b]}]` (newer). */
function comboChoices(spec) {
    if (!Array.isArray(spec))
        return undefined;
    if (Array.isArray(spec[0]))
        return spec[0].map(String);
    const options = spec[1]?.options;
    if (spec[0] === 'COMBO' && Array.isArray(options))
        return options.map(String);
    return undefined;
}
/** Missing node classes and values not in their lists, grouped, with what the server has. */
function checkAgainstObjectInfo(graphs, info) {
    const missingClasses = new Map();
    const missingValues = new Map();
    for (const graph of graphs) {
        for (const [id, node] of Object.entries(graph)) {
            const spec = info[node.class_type];
            if (!spec) {
                const ids = missingClasses.get(node.class_type) ?? new Set();
                missingClasses.set(node.class_type, ids.add(id));
                continue;
            }
            for (const [input, value] of Object.entries(node.inputs)) {
                if (typeof value !== 'string')
                    continue;
                const choices = comboChoices(spec.input?.required?.[input] ?? spec.input?.optional?.[input]);
                if (!choices || choices.includes(value))
                    continue;
                const label = `${node.class_type}.${input}`;
                const entry = missingValues.get(label) ?? { values: new Set(), choices };
                entry.values.add(value);
                missingValues.set(label, entry);
            }
        }
    }
    const lines = [];
    for (const [cls, ids] of missingClasses) {
        lines.push(`  node class ${cls} (node ${[...ids].sort(compareIds).join(', ')}) is not installed on the server`);
    }
    for (const [label, { values, choices }] of missingValues) {
        const shown = choices.slice(0, 20).join(', ');
        const more = choices.length > 20 ? `, … (${choices.length} in all)` : '';
        lines.push(`  ${label}: ${[...values].map((v) => `"${v}"`).join(', ')} not available; the server has: ${shown || 'none'}${more}`);
    }
    return lines.length ? lines.join('\n') : undefined;
}


/***/ }),

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
