import { weights, batch } from 'glorot-client'; // URL: GLOROT_URL, else http://localhost:8080
const w = await weights([256, 512], { seed: 42, name: 'fc.weight', nonlinearity: 'relu' }); // Float32Array + shape
const model = await batch({ 'fc1.weight': [128, 784], 'fc2.weight': [10, 128] }, { seed: 42, defaults: { nonlinearity: 'relu' } });
console.log(w.shape, w.dtype, [...model.tensors].map(([name, t]) => `${name}: ${t.shape}`));
if (w.data.length !== 256 * 512 || model.tensors.get('fc1.weight').data.length !== 128 * 784) process.exit(1);
