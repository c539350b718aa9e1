/** Element types glorot serves. float16 and bfloat16 come as raw bits in a Uint16Array (see toFloat32). */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';

/** A tensor: C-order values with their shape. */
export interface Tensor {
  shape: number[];
  dtype: DType;
  data: Float32Array | Float64Array | Uint16Array;
}

/** Any single-tensor parameter of GET /v1/weights but shape (which is the first argument). */
export interface TensorParameters {
  seed?: number | string | bigint;
  name?: string;
  distribution?: 'uniform' | 'normal' | 'truncated_normal';
  gain?: number;
  nonlinearity?: string;
  negativeSlope?: number;
  mode?: 'fan_avg' | 'fan_in' | 'fan_out';
  layout?: 'torch' | 'keras' | 'jax';
  fanIn?: number;
  fanOut?: number;
  dtype?: DType;
  slice?: string;
}

export interface ClientOptions {
  /** Server URL; default GLOROT_URL, else http://localhost:8080. */
  url?: string;
  signal?: AbortSignal;
}

/** The fields a batch's defaults and tensors take (a tensor also needs name and shape). */
export type BatchFields = Omit<TensorParameters, 'seed' | 'name'>;

export interface BatchTensor extends BatchFields {
  name: string;
  shape: number[];
}

export interface BatchOptions extends ClientOptions {
  seed?: number | string | bigint;
  defaults?: BatchFields;
}

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  /** __metadata__; its `tensors` entry (each tensor's parameters) is decoded from JSON. */
  metadata: Record<string, any>;
}

export declare const DEFAULT_URL: string;

export declare class GlorotError extends Error {
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

/** Fetches many named tensors in one request (safetensors, parsed by the client). */
export declare function batch(
  tensors: Record<string, number[] | (BatchFields & { shape: number[] })> | BatchTensor[],
  options?: BatchOptions,
): Promise<SafetensorsFile & { seed: string }>;

/** Parses a safetensors file. */
export declare function parseSafetensors(bytes: Uint8Array): SafetensorsFile;

/** Widens values to float32 (exact but for float64). */
export declare function toFloat32(tensor: Tensor): Float32Array;
