import {
  admit,
  FaultPlan,
  listen,
  makeImage,
  newStats,
  type Peer,
  type PeerOptions,
  RateLimiter,
  retryHeaders,
  sendJson,
  streamHuge,
  truncated,
} from './common.js';

/**
 * AUTOMATIC1111 / Forge `POST /sdapi/v1/txt2img` (reference/backends.md §4a): JSON in,
 * `{images: [base64 PNG], parameters, info: "<JSON string>"}` out. FastAPI 422 `{detail: [{loc, msg,
 * type}]}` for a badly typed field, 404 "Sampler not found", 401 for wrong basic auth when `auth` is
 * set. Also `/sdapi/v1/sd-models`, `/sdapi/v1/loras`, `/sdapi/v1/hypernetworks` for preflight.
 */
export interface A1111Peer extends Peer {
  bodies: Record<string, unknown>[];
}

export const A1111_MODELS = [
  {
    title: 'dreamshaper_8.safetensors [879db523c3]',
    model_name: 'dreamshaper_8',
    hash: '879db523c3',
    filename: '/models/Stable-diffusion/dreamshaper_8.safetensors',
  },
  {
    title: 'sd_xl_base_1.0.safetensors [31e35c80fc]',
    model_name: 'sd_xl_base_1.0',
    hash: '31e35c80fc',
    filename: '/models/Stable-diffusion/sd_xl_base_1.0.safetensors',
  },
];
export const A1111_LORAS = [
  { name: 'pixel-art-xl', alias: 'pixel-art-xl', path: '/models/Lora/pixel-art-xl.safetensors' },
  { name: 'add_detail', alias: 'add_detail', path: '/models/Lora/add_detail.safetensors' },
];
const SAMPLERS = ['Euler', 'Euler a', 'DPM++ 2M', 'DPM++ 2M Karras'];

export async function startA1111Peer(options: PeerOptions & { auth?: string } = {}): Promise<A1111Peer> {
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const bodies: Record<string, unknown>[] = [];
  let current = A1111_MODELS[0] as (typeof A1111_MODELS)[number];

  const server = await listen(async (req, res, raw) => {
    if (
      options.auth &&
      req.headers.authorization !== `Basic ${Buffer.from(options.auth).toString('base64')}`
    ) {
      return sendJson(res, 401, { detail: 'Incorrect username or password' });
    }
    if (req.method === 'GET' && req.url === '/sdapi/v1/sd-models') return sendJson(res, 200, A1111_MODELS);
    if (req.method === 'GET' && req.url === '/sdapi/v1/loras') return sendJson(res, 200, A1111_LORAS);
    if (req.method === 'GET' && req.url === '/sdapi/v1/hypernetworks') return sendJson(res, 200, []);
    if (req.method !== 'POST' || req.url !== '/sdapi/v1/txt2img')
      return sendJson(res, 404, { detail: 'Not Found' });

    const body = JSON.parse(raw.toString()) as Record<string, unknown>;
    bodies.push(body);
    const problems: { loc: (string | number)[]; msg: string; type: string }[] = [];
    for (const field of ['width', 'height', 'steps', 'seed', 'batch_size', 'n_iter']) {
      if (body[field] !== undefined && !Number.isInteger(body[field]))
        problems.push({
          loc: ['body', field],
          msg: 'value is not a valid integer',
          type: 'type_error.integer',
        });
    }
    if (problems.length) return sendJson(res, 422, { detail: problems });
    if (body.sampler_name !== undefined && !SAMPLERS.includes(String(body.sampler_name)))
      return sendJson(res, 404, { detail: 'Sampler not found' });

    const { fault, retryAfterMs, done } = await admit(peer, res);
    if (fault === 'hang') return;
    done();
    if (fault === 'huge') {
      return streamHuge(res, options, {
        headers: { 'content-type': 'application/json' },
        start: Buffer.from('{"images":["iVBORw0KGgo'),
        filler: 0x41,
        end: Buffer.from('"],"parameters":{},"info":"{}"}'),
      });
    }
    if (fault === 'rate' || fault === '429')
      return sendJson(
        res,
        429,
        { detail: 'Too Many Requests' },
        retryAfterMs === undefined ? {} : retryHeaders(retryAfterMs),
      );
    if (fault === '500') {
      return sendJson(res, 500, {
        error: 'RuntimeError',
        detail: '',
        body: '',
        errors: 'CUDA error: an illegal memory access was encountered',
      });
    }
    const wanted = (body.override_settings as { sd_model_checkpoint?: string } | undefined)
      ?.sd_model_checkpoint;
    if (wanted) {
      const found = A1111_MODELS.find(
        (m) => m.title === wanted || m.model_name === wanted || m.title.startsWith(wanted),
      );
      if (found) current = found;
    }
    const width = Number(body.width ?? 512);
    const height = Number(body.height ?? 512);
    const prompt = String(body.prompt ?? '');
    const seed = Number(body.seed ?? -1) === -1 ? Math.floor(Math.random() * 4294967294) : Number(body.seed);
    let bytes = await makeImage(`${current.model_name}\0${prompt}\0${seed}`, width, height, 'png');
    if (fault === 'truncate') bytes = truncated(bytes);
    const identity = `${prompt}\0${body.seed}`;
    stats.generated.set(identity, (stats.generated.get(identity) ?? 0) + 1);
    const info = {
      prompt,
      all_prompts: [prompt],
      negative_prompt: body.negative_prompt ?? '',
      seed,
      all_seeds: [seed],
      subseed: 1234,
      width,
      height,
      sampler_name: body.sampler_name ?? 'Euler',
      cfg_scale: body.cfg_scale ?? 7,
      steps: body.steps ?? 20,
      batch_size: 1,
      sd_model_name: current.model_name,
      sd_model_hash: current.hash,
      sd_vae_name: null,
      sd_vae_hash: null,
      version: 'v1.10.1',
      infotexts: [`${prompt}\nSteps: ${body.steps ?? 20}, Seed: ${seed}, Model hash: ${current.hash}`],
    };
    sendJson(res, 200, { images: [bytes.toString('base64')], parameters: body, info: JSON.stringify(info) });
  });
  return { url: server.url, stats, faults: peer.faults, options, close: server.close, bodies };
}
