// The parsers and helpers, offline, on bytes the tests make: node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { parseRaw, parseSafetensors, shard, shardRange, toFloat32 } from '../index.js';

test('parseSafetensors reads a file written by hand and refuses gaps', () => {
  const header = new TextEncoder().encode(JSON.stringify({
    __metadata__: { k: 'v' },
    b: { dtype: 'F64', shape: [1], data_offsets: [8, 16] },
    a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
  }));
  const file = new Uint8Array(8 + header.length + 16);
  new DataView(file.buffer).setBigUint64(0, BigInt(header.length), true);
  file.set(header, 8);
  new DataView(file.buffer).setFloat32(8 + header.length, 1.5, true);
  new DataView(file.buffer).setFloat32(12 + header.length, -2, true);
  new DataView(file.buffer).setFloat64(16 + header.length, 0.25, true);
  const parsed = parseSafetensors(file);
  assert.deepEqual([...parsed.tensors.get('a').data], [1.5, -2]);
  assert.deepEqual([...parsed.tensors.get('b').data], [0.25]);
  assert.deepEqual(parsed.metadata, { k: 'v' });
  assert.throws(() => parseSafetensors(file.subarray(0, file.length - 8)), /end of the file|exceeds/);
});

test('parseRaw types and shapes little-endian bytes by the headers', () => {
  const bytes = new Uint8Array(new Float64Array([0.5, -1, 2, 3, 4, 5]).buffer);
  const t = parseRaw(bytes, new Headers({ 'Tensor-Shape': '2,3', 'Tensor-Dtype': 'float64', 'Tensor-Seed': '7' }));
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.seed, '7');
  assert.deepEqual([...t.data], [0.5, -1, 2, 3, 4, 5]);
  const half = parseRaw(new Uint8Array([0x00, 0x3c, 0x00, 0xc0]), { 'Tensor-Shape': '2', 'Tensor-Dtype': 'float16' });
  assert.deepEqual([...toFloat32(half)], [1, -2]);
  const bf = parseRaw(new Uint8Array([0x80, 0x3f, 0x00, 0x00]), new Map([['Tensor-Shape', '2'], ['Tensor-Dtype', 'bfloat16']]));
  assert.deepEqual([...toFloat32(bf)], [1, 0]);
  assert.throws(() => parseRaw(bytes, { 'Tensor-Shape': '2,2', 'Tensor-Dtype': 'float64' }), /do not hold/);
  assert.throws(() => parseRaw(bytes, { 'Tensor-Shape': '2,x', 'Tensor-Dtype': 'float64' }), /integers/);
  assert.throws(() => parseRaw(bytes, { 'Tensor-Dtype': 'float64' }), /Tensor-Shape/);
  assert.throws(() => parseRaw(bytes, { 'Tensor-Shape': '6', 'Tensor-Dtype': 'int8' }), /unsupported dtype/);
});

test('shardRange splits as torch.tensor_split does', () => {
  // torch.tensor_split(torch.arange(10), 4) -> sizes 3, 3, 2, 2
  assert.deepEqual([0, 1, 2, 3].map((r) => shardRange(10, r, 4)), [[0, 3], [3, 6], [6, 8], [8, 10]]);
  for (let size = 0; size < 12; size++) {
    for (let world = 1; world < 6; world++) {
      let expected = 0;
      for (let rank = 0; rank < world; rank++) {
        const [start, stop] = shardRange(size, rank, world);
        assert.equal(start, expected);
        assert.ok(stop - start === Math.floor(size / world) || stop - start === Math.ceil(size / world));
        expected = stop;
      }
      assert.equal(expected, size);
    }
  }
  assert.throws(() => shardRange(4, 2, 2), RangeError);
});

test('an empty shard needs no request', async () => {
  const part = await shard([2, 3], { dim: 0, rank: 2, worldSize: 3, seed: 1, url: 'http://127.0.0.1:9' });
  assert.deepEqual(part.shape, [0, 3]);
  assert.equal(part.data.length, 0);
});
