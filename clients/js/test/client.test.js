// Tests of glorot-client against a running server at GLOROT_URL: node --test test/
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { weights, batch, shard, toFloat32, GlorotError } from '../index.js';

const URL_ = process.env.GLOROT_URL;

before(() => {
  if (!URL_) throw new Error('set GLOROT_URL to a running glorot, e.g. http://127.0.0.1:8080');
});

async function fetchBytes(path) {
  const response = await fetch(URL_.replace(/\/+$/, '') + path);
  assert.equal(response.status, 200);
  return new Uint8Array(await response.arrayBuffer());
}

function bytesOf(typedArray) {
  return new Uint8Array(typedArray.buffer, typedArray.byteOffset, typedArray.byteLength);
}

test('weights equals the raw answer bit for bit, with shape and dtype', async () => {
  const w = await weights([5, 7], { seed: 42, name: 'fc.weight', nonlinearity: 'tanh' });
  assert.deepEqual(w.shape, [5, 7]);
  assert.equal(w.dtype, 'float32');
  assert.ok(w.data instanceof Float32Array);
  assert.equal(w.seed, '42');
  const raw = await fetchBytes('/v1/weights?shape=5,7&seed=42&name=fc.weight&nonlinearity=tanh&format=raw');
  assert.deepEqual(bytesOf(w.data), raw);
});

test('weights keeps float64 and the bits of float16 and bfloat16', async () => {
  const d = await weights([3, 2], { seed: 1, dtype: 'float64' });
  assert.ok(d.data instanceof Float64Array);
  assert.deepEqual(bytesOf(d.data), await fetchBytes('/v1/weights?shape=3,2&seed=1&dtype=float64&format=raw'));
  const f32 = await weights([4, 4], { seed: 3 });
  for (const dtype of ['float16', 'bfloat16']) {
    const h = await weights([4, 4], { seed: 3, dtype });
    assert.ok(h.data instanceof Uint16Array);
    const widened = toFloat32(h);
    // float16 and bfloat16 are the float32 values rounded: close to them, and exact when widened back
    for (let i = 0; i < 16; i++) {
      assert.ok(Math.abs(widened[i] - f32.data[i]) <= Math.abs(f32.data[i]) * 2 ** -7, `${dtype} ${i}`);
    }
  }
});

test('a refusal throws GlorotError with the problem', async () => {
  await assert.rejects(weights([3, 0], { seed: 1 }), (error) => {
    assert.ok(error instanceof GlorotError);
    assert.equal(error.status, 400);
    assert.equal(error.parameter, 'shape');
    assert.equal(error.type, 'urn:glorot:problem:invalid-shape');
    return true;
  });
});

test('batch equals the single tensors bit for bit', async () => {
  const defaults = { distribution: 'normal', nonlinearity: 'leaky_relu', negativeSlope: 0.2 };
  const model = {
    'encoder.0.weight': [64, 32],
    'encoder.0.bias': { shape: [64], layout: 'keras', gain: 0.5, dtype: 'float64' },
    'conv.weight': { shape: [8, 4, 3, 3], nonlinearity: 'relu', dtype: 'bfloat16' },
  };
  const result = await batch(model, { seed: '18446744073709551615', defaults });
  assert.equal(result.seed, '18446744073709551615');
  assert.deepEqual([...result.tensors.keys()], Object.keys(model));
  const singles = {
    'encoder.0.weight': { ...defaults, shape: [64, 32] },
    'encoder.0.bias': { distribution: 'normal', layout: 'keras', gain: 0.5, dtype: 'float64', shape: [64] },
    'conv.weight': { distribution: 'normal', nonlinearity: 'relu', dtype: 'bfloat16', shape: [8, 4, 3, 3] },
  };
  for (const [name, { shape, ...params }] of Object.entries(singles)) {
    const single = await weights(shape, { ...params, name, seed: '18446744073709551615' });
    const tensor = result.tensors.get(name);
    assert.deepEqual(tensor.shape, single.shape, name);
    assert.equal(tensor.dtype, single.dtype, name);
    assert.deepEqual(bytesOf(tensor.data), bytesOf(single.data), name);
  }
  assert.equal(result.metadata.generator, 'philox4x32-10/v1');
  assert.equal(result.metadata.tensors['encoder.0.bias'].gain, 0.5);
});

test('batch refusal names the tensor', async () => {
  await assert.rejects(batch([{ name: 'a', shape: [2, 2] }, { name: 'a', shape: [2, 2] }], { seed: 1 }), (error) => {
    assert.equal(error.parameter, 'tensors[1].name');
    assert.equal(error.problem.tensor, 1);
    return true;
  });
});

test('generator and torchCpu reach the server', async () => {
  const w = await weights([6, 4], { seed: 0, generator: 'torch', torchCpu: 'default', dtype: 'float64' });
  assert.deepEqual(bytesOf(w.data), await fetchBytes('/v1/weights?shape=6,4&seed=0&generator=torch&torchCpu=default&dtype=float64&format=raw'));
  const b = await batch({ t: { shape: [6, 4], generator: 'torch', torchCpu: 'default', dtype: 'float64' } }, { seed: 0 });
  assert.deepEqual(bytesOf(b.tensors.get('t').data), bytesOf(w.data));
});

test('shard parts of every world size put together equal the whole tensor', async () => {
  const shape = [7, 10];
  const whole = await weights(shape, { seed: 9, name: 'w', nonlinearity: 'tanh' });
  for (const dim of [0, 1, -1]) {
    const axis = (dim + 2) % 2;
    for (let world = 1; world <= 5; world++) {
      const parts = [];
      for (let rank = 0; rank < world; rank++) {
        parts.push(await shard(shape, { dim, rank, worldSize: world, seed: 9, name: 'w', nonlinearity: 'tanh' }));
      }
      // put the parts together along the axis, in C order, and compare with the whole
      const joined = new Float32Array(whole.data.length);
      let offset = 0;
      for (const part of parts) {
        const [rows, cols] = part.shape;
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            joined[axis === 0 ? (offset + r) * 10 + c : r * 10 + offset + c] = part.data[r * cols + c];
          }
        }
        offset += part.shape[axis];
      }
      assert.equal(offset, shape[axis]);
      assert.deepEqual(bytesOf(joined), bytesOf(whole.data), `dim ${dim}, world ${world}`);
      assert.deepEqual(parts.map((p) => p.shape[axis]), Array.from({ length: world },
        (_, r) => Math.floor(shape[axis] / world) + (r < shape[axis] % world ? 1 : 0)));
    }
  }
});
