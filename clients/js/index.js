// Client for glorot: Xavier (Glorot) initialized weight tensors over HTTP, reproducible to the bit.
// Node 20+ (built-in fetch), no dependencies. weights() fetches one tensor, shard() one rank's part of a tensor
// split as torch.tensor_split splits it, batch() many named tensors in one request (safetensors, parsed here).
// The server URL comes from the `url` option, else GLOROT_URL, else http://localhost:8080. A weights download that
// is cut resumes by itself with Range and If-Range (docs/api.md, "Resuming a download").

export const DEFAULT_URL = 'http://localhost:8080';

/** Attempts after the first that receive nothing, pausing 0.5 s, 1 s, 2 s, ... up to 8 s (about 40 s in all). */
export const DEFAULT_RETRIES = 8;

/** The request fields of GET /v1/weights besides shape, spelled as the API spells them. */
export const TENSOR_PARAMETERS = Object.freeze(['seed', 'name', 'distribution', 'gain', 'nonlinearity',
  'negativeSlope', 'mode', 'layout', 'fanIn', 'fanOut', 'dtype', 'slice', 'format', 'generator', 'torchCpu']);

/** A request the server refused, carrying its RFC 9457 problem. */
export class GlorotError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem.title ?? ''}: ${problem.detail ?? ''}`);
    this.name = 'GlorotError';
    this.status = status;
    this.problem = problem;
    this.type = problem.type;
    this.parameter = problem.parameter;
  }
}

const SAFETENSORS_DTYPES = { F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16' };

function baseUrl(url) {
  return (url ?? globalThis.process?.env?.GLOROT_URL ?? DEFAULT_URL).replace(/\/+$/, '');
}

/** An answer worth asking for again: a connection that failed or was cut, or a 503 (after its Retry-After). */
class Retry extends Error {
  constructor(cause, delaySeconds) {
    super(String(cause?.message ?? cause));
    this.cause = cause;
    this.delaySeconds = delaySeconds;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function problemOf(response) {
  const text = await response.text();
  let problem;
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: text };
  }
  return new GlorotError(response.status, problem);
}

async function send(input, init) {
  let response;
  try {
    response = await fetch(input, init);
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    throw new Retry(error);
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 503) {
      const after = Number(response.headers.get('Retry-After'));
      throw new Retry(error, Number.isFinite(after) && after >= 0 ? after : undefined);
    }
    throw error;
  }
  return response;
}

/** Runs attempt() again after each Retry, until `retries` consecutive attempts made no progress. */
async function withRetries(attempt, retries, progressed) {
  let failures = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Retry)) throw error;
      failures = progressed() ? 0 : failures + 1;
      if (failures > retries) throw error.cause;
      const pause = error.delaySeconds ?? Math.min(0.5 * 2 ** (failures - 1), 8);
      await sleep(pause * 1000);
    }
  }
}

/**
 * GETs a URL whole, resuming with Range and If-Range after a cut. Returns the body and the first answer's headers.
 * A drawn seed is pinned (query.seed = Tensor-Seed) before a resumed request.
 */
async function getResumable(base, query, { signal, retries = DEFAULT_RETRIES } = {}) {
  const chunks = [];
  let received = 0;
  let seen = 0;
  let headers = null;
  let etag = null;
  let total = null;
  const attempt = async () => {
    const requestHeaders = {};
    if (received > 0) {
      requestHeaders.Range = `bytes=${received}-`;
      if (etag) requestHeaders['If-Range'] = etag;
    }
    const response = await send(`${base}?${query}`, { headers: requestHeaders, signal });
    if (received > 0 && response.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
      if (!range || Number(range[1]) !== received || Number(range[3]) !== total) {
        throw new GlorotError(206, { detail: `resumed at byte ${received} but the server sent Content-Range `
          + `${response.headers.get('Content-Range')}` });
      }
    } else {
      chunks.length = 0; // 200: the whole answer, first or again
      received = 0;
      headers = response.headers;
      etag = response.headers.get('ETag');
      const length = response.headers.get('Content-Length');
      total = length === null ? null : Number(length);
      if (!query.has('seed') && response.headers.get('Tensor-Seed')) query.set('seed', response.headers.get('Tensor-Seed'));
    }
    try {
      for await (const chunk of response.body) {
        chunks.push(chunk);
        received += chunk.length;
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new Retry(error);
    }
    if (total !== null && received !== total) throw new Retry(new Error(`answer cut at ${received} of ${total} bytes`));
    const body = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.length;
    }
    return { body, headers };
  };
  const progressed = () => {
    const moved = received > seen;
    seen = received;
    return moved;
  };
  return withRetries(attempt, retries, progressed);
}

/**
 * Makes a typed array of little-endian bytes: Float32Array, Float64Array, or Uint16Array holding the raw bits of
 * float16 and bfloat16 (use toFloat32 to widen them).
 */
function typed(bytes, dtype) {
  // copy into a fresh, aligned buffer; typed arrays use the platform's byte order, so check it
  const copy = bytes.slice().buffer;
  if (!LITTLE_ENDIAN) {
    throw new Error('glorot-client needs a little-endian platform');
  }
  switch (dtype) {
    case 'float32':
      return new Float32Array(copy);
    case 'float64':
      return new Float64Array(copy);
    case 'float16':
    case 'bfloat16':
      return new Uint16Array(copy);
    default:
      throw new Error(`unsupported dtype ${dtype}`);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Widens a tensor's values to a Float32Array (exact for every dtype but float64, which rounds). */
export function toFloat32(tensor) {
  const { data, dtype } = tensor;
  if (dtype === 'float32') return data;
  if (dtype === 'float64') return Float32Array.from(data);
  const out = new Float32Array(data.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const h = data[i];
    if (dtype === 'bfloat16') {
      bits[i] = h << 16;
    } else {
      const sign = (h & 0x8000) ? -1 : 1;
      const exponent = (h >> 10) & 0x1f;
      const fraction = h & 0x3ff;
      out[i] = exponent === 0 ? sign * fraction * 2 ** -24
        : exponent === 31 ? (fraction ? NaN : sign * Infinity)
          : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
    }
  }
  return out;
}

/**
 * Fetches one tensor: GET /v1/weights with any of its parameters (TENSOR_PARAMETERS), as raw bytes typed by the
 * Tensor-Shape and Tensor-Dtype headers. A cut download resumes by itself with Range.
 * @returns {Promise<{shape: number[], dtype: string, seed: string, data: Float32Array|Float64Array|Uint16Array}>}
 */
export async function weights(shape, options = {}) {
  const { url, signal, retries, ...params } = options;
  for (const key of Object.keys(params)) {
    if (!TENSOR_PARAMETERS.includes(key)) throw new TypeError(`unknown parameter ${key}; the parameters are ${TENSOR_PARAMETERS}`);
  }
  if (params.format !== undefined && params.format !== 'raw') throw new TypeError('weights() reads format raw');
  const query = new URLSearchParams({ shape: shape.join(','), format: 'raw' });
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const { body, headers } = await getResumable(`${baseUrl(url)}/v1/weights`, query, { signal, retries });
  return parseRaw(body, headers);
}

/**
 * Types a raw answer: little-endian values shaped by Tensor-Shape and typed by Tensor-Dtype.
 * @param {Uint8Array} bytes
 * @param {Headers|Map<string,string>|Record<string,string>} headers
 */
export function parseRaw(bytes, headers) {
  const get = (key) => (typeof headers.get === 'function' ? headers.get(key) : headers[key]);
  const shapeText = get('Tensor-Shape');
  const dtype = get('Tensor-Dtype');
  if (shapeText == null || dtype == null) throw new Error('a raw answer needs the Tensor-Shape and Tensor-Dtype headers');
  const shape = shapeText.split(',').map((d) => {
    if (!/^\d+$/.test(d)) throw new Error(`Tensor-Shape ${shapeText} is not a list of integers`);
    return Number(d);
  });
  const data = typed(bytes, dtype);
  if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${bytes.length} bytes do not hold shape ${shape} of ${dtype}`);
  return { shape, dtype, seed: get('Tensor-Seed') ?? undefined, data };
}

/**
 * The [start, stop) of part `rank` of `size` split into `worldSize` parts as torch.tensor_split splits it: the
 * first size % worldSize parts have one element more.
 */
export function shardRange(size, rank, worldSize) {
  if (!(worldSize >= 1) || !(rank >= 0 && rank < worldSize)) throw new RangeError(`rank must be in [0, worldSize); got ${rank} of ${worldSize}`);
  const base = Math.floor(size / worldSize);
  const extra = size % worldSize;
  const start = rank * base + Math.min(rank, extra);
  return [start, start + base + (rank < extra ? 1 : 0)];
}

/**
 * Fetches only part `rank` of a tensor of `shape` split along `dim` into `worldSize` parts (torch.tensor_split's
 * sizes, uneven allowed), with `slice`, so the server generates only those elements; the parts of all ranks put
 * together are the whole tensor bit for bit. An empty part is answered without a request.
 */
export async function shard(shape, options) {
  const { dim, rank, worldSize, ...rest } = options ?? {};
  if (rest.slice !== undefined) throw new TypeError('shard sets slice itself');
  if (!Number.isInteger(dim) || dim < -shape.length || dim >= shape.length) throw new RangeError(`dim ${dim} is out of range for ${shape.length} dimensions`);
  const axis = (dim + shape.length) % shape.length;
  const [start, stop] = shardRange(shape[axis], rank, worldSize);
  const partShape = shape.map((n, d) => (d === axis ? stop - start : n));
  if (stop === start) {
    const dtype = rest.dtype ?? 'float32';
    return { shape: partShape, dtype, seed: rest.seed === undefined ? undefined : String(rest.seed), data: typed(new Uint8Array(0), dtype) };
  }
  const slice = shape.map((n, d) => (d === axis ? `${start}:${stop}` : ':')).join(',');
  return weights(shape, { ...rest, slice });
}

function tensorList(tensors) {
  if (Array.isArray(tensors)) return tensors.map((t) => ({ ...t }));
  return Object.entries(tensors).map(([name, spec]) =>
    Array.isArray(spec) ? { name, shape: spec } : { ...spec, name });
}

/**
 * Fetches many named tensors in one request: POST /v1/weights/batch as safetensors, parsed here.
 * `tensors` is {name: shape} or {name: {shape, ...overrides}} or [{name, shape, ...}]; seeds beyond 2^53 may be
 * given as a string or BigInt. A cut answer is asked for again whole (a POST takes no ranges).
 * @returns {Promise<{tensors: Map<string, {shape: number[], dtype: string, data: *}>, metadata: object, seed: string}>}
 */
export async function batch(tensors, options = {}) {
  const { url, seed, defaults, signal, retries = DEFAULT_RETRIES, format = 'safetensors' } = options;
  if (format !== 'safetensors') throw new TypeError('batch() reads format safetensors');
  const body = { tensors: tensorList(tensors), format: 'safetensors' };
  if (seed !== undefined) body.seed = typeof seed === 'bigint' ? seed.toString() : seed;
  if (defaults) body.defaults = defaults;
  const attempt = async () => { // a POST has no ranges: after a cut it is sent again whole
    const response = await send(`${baseUrl(url)}/v1/weights/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    let bytes;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new Retry(error);
    }
    return { ...parseSafetensors(bytes), seed: response.headers.get('Tensor-Seed') };
  };
  return withRetries(attempt, retries, () => false);
}

/**
 * Parses a safetensors file: a little-endian u64 header length N, N bytes of JSON header, then the data, whose
 * tensors' offsets are contiguous and reach the end of the file.
 * @param {Uint8Array} bytes
 */
export function parseSafetensors(bytes) {
  if (bytes.length < 8) throw new Error('not a safetensors file: shorter than 8 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) throw new Error('safetensors header length exceeds the file');
  const start = 8 + Number(n);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, start)));
  const metadata = { ...(header.__metadata__ ?? {}) };
  delete header.__metadata__;
  if (typeof metadata.tensors === 'string') metadata.tensors = JSON.parse(metadata.tensors);
  const entries = Object.entries(header);
  const bySorted = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  let end = 0;
  for (const [name, entry] of bySorted) {
    if (entry.data_offsets[0] !== end) throw new Error(`safetensors offsets are not contiguous at ${name}`);
    end = entry.data_offsets[1];
  }
  if (start + end !== bytes.length) throw new Error('safetensors data does not reach the end of the file');
  const result = new Map();
  for (const [name, entry] of entries) {
    const dtype = SAFETENSORS_DTYPES[entry.dtype];
    if (!dtype) throw new Error(`unsupported safetensors dtype ${entry.dtype}`);
    const [begin, stop] = entry.data_offsets;
    result.set(name, { shape: entry.shape, dtype, data: typed(bytes.subarray(start + begin, start + stop), dtype) });
  }
  return { tensors: result, metadata };
}
