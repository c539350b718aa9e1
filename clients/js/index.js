// Client for glorot: Xavier (Glorot) initialized weight tensors over HTTP, reproducible to the bit.
// Node 20+ (built-in fetch), no dependencies. weights() fetches one tensor, batch() many named tensors in one
// request (safetensors, parsed here). The server URL comes from the `url` option, else GLOROT_URL, else
// http://localhost:8080.

export const DEFAULT_URL = 'http://localhost:8080';

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

async function send(input, init) {
  const response = await fetch(input, init);
  if (!response.ok) {
    const text = await response.text();
    let problem;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { detail: text };
    }
    throw new GlorotError(response.status, problem);
  }
  return response;
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
 * Fetches one tensor: GET /v1/weights with any of its parameters.
 * @returns {Promise<{shape: number[], dtype: string, seed: string, data: Float32Array|Float64Array|Uint16Array}>}
 */
export async function weights(shape, options = {}) {
  const { url, signal, ...params } = options;
  const query = new URLSearchParams({ shape: shape.join(','), format: 'raw' });
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const response = await send(`${baseUrl(url)}/v1/weights?${query}`, { signal });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const dtype = response.headers.get('Tensor-Dtype');
  return {
    shape: response.headers.get('Tensor-Shape').split(',').map(Number),
    dtype,
    seed: response.headers.get('Tensor-Seed'),
    data: typed(bytes, dtype),
  };
}

function tensorList(tensors) {
  if (Array.isArray(tensors)) return tensors.map((t) => ({ ...t }));
  return Object.entries(tensors).map(([name, spec]) =>
    Array.isArray(spec) ? { name, shape: spec } : { ...spec, name });
}

/**
 * Fetches many named tensors in one request: POST /v1/weights/batch as safetensors, parsed here.
 * `tensors` is {name: shape} or {name: {shape, ...overrides}} or [{name, shape, ...}]; seeds beyond 2^53 may be
 * given as a string or BigInt.
 * @returns {Promise<{tensors: Map<string, {shape: number[], dtype: string, data: *}>, metadata: object, seed: string}>}
 */
export async function batch(tensors, options = {}) {
  const { url, seed, defaults, signal } = options;
  const body = { tensors: tensorList(tensors), format: 'safetensors' };
  if (seed !== undefined) body.seed = typeof seed === 'bigint' ? seed.toString() : seed;
  if (defaults) body.defaults = defaults;
  const response = await send(`${baseUrl(url)}/v1/weights/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const parsed = parseSafetensors(new Uint8Array(await response.arrayBuffer()));
  return { ...parsed, seed: response.headers.get('Tensor-Seed') };
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
