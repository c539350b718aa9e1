// The client's types against the API contract, offline: every request field of openapi/openapi.yaml appears in
// index.d.ts (and in TENSOR_PARAMETERS, which weights() accepts), spelled as the API spells it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { TENSOR_PARAMETERS } from '../index.js';

const root = new URL('../../../', import.meta.url);
const contract = readFileSync(new URL('openapi/openapi.yaml', root), 'utf8');
const types = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');

/** The property names of components.schemas.<schema> in the contract (a YAML reader for its block layout). */
function schemaProperties(yaml, schema) {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => line === `    ${schema}:`);
  assert.ok(start >= 0, `the contract has no schema ${schema}`);
  const names = [];
  let inProperties = false;
  for (const line of lines.slice(start + 1)) {
    if (/^ {0,4}\S/.test(line)) break; // the next schema
    if (line === '      properties:') inProperties = true;
    else if (/^ {6}\S/.test(line)) inProperties = false;
    else if (inProperties && /^ {8}[A-Za-z_]\w*:/.test(line)) names.push(line.trim().slice(0, -1).split(':')[0]);
  }
  assert.ok(names.length > 0, `schema ${schema} has no properties`);
  return names;
}

/** The member names of `export interface <name> ... { ... }` in index.d.ts, with those of the interfaces it extends. */
function interfaceMembers(name) {
  const match = new RegExp(`export interface ${name}(?: extends ([^{]+))? \\{([\\s\\S]*?)\\n\\}`).exec(types);
  assert.ok(match, `index.d.ts has no interface ${name}`);
  const members = [...match[2].matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
  return members;
}

const typeAlias = (name) => new RegExp(`export type ${name} = ([^;]+);`).exec(types)?.[1];

test('the contract reader finds the request schemas', () => {
  assert.ok(schemaProperties(contract, 'TensorRequest').includes('generator'));
  assert.ok(schemaProperties(contract, 'BatchRequest').includes('defaults'));
  assert.throws(() => schemaProperties(contract, 'NoSuchSchema'));
});

test('TensorParameters has every field of TensorRequest (shape is the first argument)', () => {
  const members = interfaceMembers('TensorParameters');
  const missing = schemaProperties(contract, 'TensorRequest').filter((f) => f !== 'shape' && !members.includes(f));
  assert.deepEqual(missing, [], `index.d.ts TensorParameters lacks ${missing}`);
});

test('TENSOR_PARAMETERS, what weights() accepts, is TensorRequest but shape', () => {
  const fields = schemaProperties(contract, 'TensorRequest').filter((f) => f !== 'shape');
  assert.deepEqual([...TENSOR_PARAMETERS].sort(), fields.sort());
});

test('batch tensors and defaults take every field of BatchTensor and BatchDefaults', () => {
  // BatchFields = Omit<TensorParameters, 'seed' | 'name' | 'format'>; BatchTensor adds name and shape
  assert.match(typeAlias('BatchFields'), /Omit<TensorParameters, 'seed' \| 'name' \| 'format'>/);
  const fields = new Set([...interfaceMembers('TensorParameters').filter((f) => !['seed', 'name', 'format'].includes(f)),
    ...interfaceMembers('BatchTensor')]);
  for (const schema of ['BatchTensor', 'BatchDefaults']) {
    const missing = schemaProperties(contract, schema).filter((f) => !fields.has(f));
    assert.deepEqual(missing, [], `index.d.ts lacks ${schema} fields ${missing}`);
  }
  // the server takes generator and torchCpu in a batch too (its parser takes every single-tensor field)
  assert.ok(fields.has('generator') && fields.has('torchCpu'));
});

test('BatchOptions has every field of BatchRequest (tensors is the first argument)', () => {
  const members = interfaceMembers('BatchOptions');
  const missing = schemaProperties(contract, 'BatchRequest').filter((f) => f !== 'tensors' && !members.includes(f));
  assert.deepEqual(missing, [], `index.d.ts BatchOptions lacks ${missing}`);
});
