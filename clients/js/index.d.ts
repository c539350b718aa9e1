/** Element types glorot serves. float16 and bfloat16 come as raw bits in a Uint16Array (see toFloat32). */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';

/** A tensor: C-order values with their shape. */
export interface Tensor {
  shape: number[];
  dtype: DType;
  data: Float32Array | Float64Array | Uint16Array;
}

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d'
  | 'conv_transpose3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/**
 * Any single-tensor parameter of GET /v1/weights but shape (which is the first argument): the fields of the
 * contract's TensorRequest (openapi/openapi.yaml), spelled as the API spells them. test/contract.test.js fails
 * when one is missing here.
 */
export interface TensorParameters {
  seed?: number | string | bigint;
  name?: string;
  distribution?: 'uniform' | 'normal' | 'truncated_normal';
  gain?: number;
  nonlinearity?: Nonlinearity;
  negativeSlope?: number;
  mode?: 'fan_avg' | 'fan_in' | 'fan_out';
  layout?: 'torch' | 'keras' | 'jax';
  fanIn?: number;
  fanOut?: number;
  dtype?: DType;
  /** One start:stop per dimension, e.g. '0:128,:'. */
  slice?: string;
  /** weights() reads the raw format (the default); other formats are for plain HTTP. */
  format?: 'raw';
  /** philox (canonical, the default), or the PyTorch / NumPy compatibility generators (docs/compat.md). */
  generator?: 'philox' | 'torch' | 'numpy' | 'numpy_legacy';
  /** generator=torch only: the AVX2 kernels (default) or the baseline ones. */
  torchCpu?: 'avx2' | 'default';
}

export interface ClientOptions {
  /** Server URL; default GLOROT_URL, else http://localhost:8080. */
  url?: string;
  signal?: AbortSignal;
  /** Consecutive attempts that receive nothing before giving up (default DEFAULT_RETRIES, 8). */
  retries?: number;
}

/** The fields a batch's defaults and tensors take (a tensor also needs name and shape). */
export type BatchFields = Omit<TensorParameters, 'seed' | 'name' | 'format'>;

/** Which part of a tensor split along dim into worldSize parts (torch.tensor_split's sizes) to fetch. */
export interface ShardOptions extends Omit<TensorParameters, 'slice'>, ClientOptions {
  dim: number;
  rank: number;
  worldSize: number;
}

export interface BatchTensor extends BatchFields {
  name: string;
  shape: number[];
}

/** The fields of the contract's BatchRequest but tensors (the first argument of batch()). */
export interface BatchOptions extends ClientOptions {
  seed?: number | string | bigint;
  defaults?: BatchFields;
  /** batch() reads safetensors (the default), parsed by the client. */
  format?: 'safetensors';
}

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  /** __metadata__; its `tensors` entry (each tensor's parameters) is decoded from JSON. */
  metadata: Record<string, any>;
}

export declare const DEFAULT_URL: string;
export declare const DEFAULT_RETRIES: number;
/** The request fields weights() takes besides shape, as the API spells them. */
export declare const TENSOR_PARAMETERS: readonly (keyof TensorParameters)[];

export declare class GlorotError extends Error {
  constructor(status: number, problem: Record<string, any>);
  status: number;
  problem: Record<string, any>;
  type?: string;
  parameter?: string;
}

/** Fetches one tensor. */
export declare function weights(
  shape: number[],
  options?: TensorParameters & ClientOptions,
): Promise<Tensor & { seed: string }>;

/**
 * Fetches only part `rank` of a tensor split along `dim` into `worldSize` parts (torch.tensor_split's sizes),
 * with `slice`: the server generates only those elements, and all ranks' parts put together are the whole tensor.
 */
export declare function shard(shape: number[], options: ShardOptions): Promise<Tensor & { seed?: string }>;

/** [start, stop) of part `rank` of `size` split into `worldSize` parts as torch.tensor_split splits it. */
export declare function shardRange(size: number, rank: number, worldSize: number): [number, number];

/** Types a raw answer's bytes by its Tensor-Shape and Tensor-Dtype headers. */
export declare function parseRaw(
  bytes: Uint8Array,
  headers: Headers | Map<string, string> | Record<string, string>,
): Tensor & { seed?: string };

/** Fetches many named tensors in one request (safetensors, parsed by the client). */
export declare function batch(
  tensors: Record<string, number[] | (BatchFields & { shape: number[] })> | BatchTensor[],
  options?: BatchOptions,
): Promise<SafetensorsFile & { seed: string }>;

/** Parses a safetensors file. */
export declare function parseSafetensors(bytes: Uint8Array): SafetensorsFile;

/** Widens values to float32 (exact but for float64). */
export declare function toFloat32(tensor: Tensor): Float32Array;
