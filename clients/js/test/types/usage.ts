// Type-level tests of index.d.ts, compiled by `npm run typecheck` (tsc --strict, nothing emitted): the calls below
// must compile, and each line after @ts-expect-error must be refused, or the check fails.
import {
  batch, shard, shardRange, weights, parseRaw, toFloat32, GlorotError, TENSOR_PARAMETERS,
  type BatchFields, type TensorParameters,
} from 'glorot-client';

export async function usage(): Promise<void> {
  const every: Required<Omit<TensorParameters, 'seed'>> & { seed: string } = {
    seed: '18446744073709551615', name: 'fc.weight', distribution: 'truncated_normal', gain: 1.5,
    nonlinearity: 'leaky_relu', negativeSlope: 0.2, mode: 'fan_in', layout: 'jax', fanIn: 3, fanOut: 4,
    dtype: 'bfloat16', slice: '0:2,:', format: 'raw', generator: 'torch', torchCpu: 'default',
  };
  const w = await weights([4, 3], { ...every, url: 'http://127.0.0.1:8080', retries: 2 });
  const widened: Float32Array = toFloat32(w);
  const part = await shard([8, 4], { dim: -1, rank: 1, worldSize: 3, seed: 7n, generator: 'numpy' });
  const [start, stop]: [number, number] = shardRange(10, 2, 4);
  const defaults: BatchFields = { generator: 'numpy_legacy', torchCpu: 'avx2', nonlinearity: 'relu' };
  const model = await batch({ a: [2, 2], b: { shape: [3], layout: 'keras', generator: 'philox' } },
    { seed: 1, defaults, format: 'safetensors' });
  const names: string[] = [...model.tensors.keys()];
  const raw = parseRaw(new Uint8Array(8), { 'Tensor-Shape': '2', 'Tensor-Dtype': 'float32' });
  const fields: readonly string[] = TENSOR_PARAMETERS;
  console.log(widened, part.shape, start, stop, names, raw.dtype, fields, new GlorotError(400, { type: 'urn:glorot:problem:invalid-shape' }).type);

  // @ts-expect-error: a misspelt parameter (the server refuses it too)
  await weights([2], { sead: 1 });
  // @ts-expect-error: not a generator
  await weights([2], { generator: 'mersenne' });
  // @ts-expect-error: torchCpu takes avx2 or default
  await weights([2], { torchCpu: 'avx512' });
  // @ts-expect-error: weights() reads raw only
  await weights([2], { format: 'npy' });
  // @ts-expect-error: shard needs dim, rank and worldSize
  await shard([2, 2], { rank: 0, worldSize: 2 });
  // @ts-expect-error: shard sets slice itself
  await shard([2, 2], { dim: 0, rank: 0, worldSize: 2, slice: '0:1,:' });
  // @ts-expect-error: batch defaults take no seed
  await batch({ a: [2] }, { defaults: { seed: 1 } });
}
