// Resumed downloads against a running server at GLOROT_URL, through a proxy that cuts requests mid-answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { weights, batch } from '../index.js';

const target = new URL(process.env.GLOROT_URL ?? 'http://glorot-url-is-not-set:1');
let proxy;
let requests = [];
let cutAfter = 0;
let cuts = 0;

before(async () => {
  if (!process.env.GLOROT_URL) throw new Error('set GLOROT_URL to a running glorot, e.g. http://127.0.0.1:8080');
  // one record per request (undici keeps requests alive); the first `cuts` requests are cut after `cutAfter`
  // bytes of their answer
  proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let record = null;
    let cut = 0;
    let sent = 0;
    client.on('data', (data) => {
      const text = data.toString('latin1');
      if (/^(GET|POST|HEAD) /.test(text)) {
        const head = text.split('\r\n\r\n')[0].split('\r\n');
        record = {
          request: head[0],
          range: head.find((l) => /^range:/i.test(l))?.split(':')[1].trim() ?? '',
          ifRange: head.find((l) => /^if-range:/i.test(l))?.slice(9).trim() ?? '',
          status: '',
        };
        requests.push(record);
        cut = requests.length <= cuts ? cutAfter : 0;
        sent = 0;
      }
      upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (record && !record.status) record.status = data.toString('latin1').split('\r\n')[0];
      if (cut && sent + data.length >= cut) {
        client.end(data.subarray(0, cut - sent));
        upstream.destroy();
        setImmediate(() => client.destroy());
      } else {
        client.write(data);
      }
      sent += data.length;
    });
    upstream.on('end', () => client.end());
    upstream.on('error', () => client.destroy());
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});

after(() => proxy?.close());

const via = () => `http://127.0.0.1:${proxy.address().port}`;
const bytesOf = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test('weights resumes after cuts with Range and If-Range, bit for bit', async () => {
  requests = [];
  cutAfter = 300_000;
  cuts = 3;
  const w = await weights([512, 512], { seed: 11, name: 'big', url: via() });
  const direct = await weights([512, 512], { seed: 11, name: 'big' });
  assert.deepEqual(bytesOf(w.data), bytesOf(direct.data));
  const resumed = requests.filter((c) => c.range);
  assert.equal(resumed.length, 3, JSON.stringify(requests));
  for (const c of resumed) {
    assert.match(c.status, /^HTTP\/1\.1 206/);
    assert.match(c.ifRange, /^"/);
  }
  const starts = resumed.map((c) => Number(/bytes=(\d+)-/.exec(c.range)[1]));
  assert.ok(starts[0] > 0 && starts.every((s, i) => i === 0 || s > starts[i - 1]), String(starts));
});

test('a drawn seed is pinned before resuming', async () => {
  requests = [];
  cutAfter = 200_000;
  cuts = 1;
  const w = await weights([256, 512], { name: 'drawn', url: via() });
  assert.match(requests[1].request, /seed=\d+/);
  const direct = await weights([256, 512], { name: 'drawn', seed: w.seed });
  assert.deepEqual(bytesOf(w.data), bytesOf(direct.data));
});

test('gives up after the retries without progress', async () => {
  requests = [];
  cutAfter = 1;
  cuts = 100;
  await assert.rejects(weights([64, 64], { seed: 1, url: via(), retries: 2 }));
  assert.equal(requests.length, 3);
});

test('batch is sent again whole after a cut', async () => {
  requests = [];
  cutAfter = 100_000;
  cuts = 1;
  const b = await batch({ a: [256, 256], b: [128, 64] }, { seed: 4, url: via() });
  assert.equal(requests.length, 2);
  const a = await weights([256, 256], { seed: 4, name: 'a' });
  assert.deepEqual(bytesOf(b.tensors.get('a').data), bytesOf(a.data));
});
