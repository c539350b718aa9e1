// The landing page: reads the form, asks /v1/weights/histogram for the statistics (JSON) and the picture (SVG),
// and shows the downloads and the equivalent curl and Python lines for the same tensor. No build step, no library.
'use strict';

(function () {
  const form = document.getElementById('tensor-form');
  const status = document.getElementById('status');
  const problemBox = document.getElementById('problem');
  const image = document.getElementById('histogram');
  const nonlinearity = document.getElementById('nonlinearity');
  const gain = document.getElementById('gain');
  const slope = document.getElementById('negativeSlope');
  const TENSOR_FIELDS = ['shape', 'seed', 'distribution', 'nonlinearity', 'gain', 'negativeSlope', 'mode', 'layout', 'dtype'];

  function syncGainFields() {
    const chosen = nonlinearity.value !== '';
    gain.disabled = chosen;
    slope.disabled = nonlinearity.value !== 'leaky_relu';
  }

  /** The tensor's query parameters from the form, in the API's order, without empty or disabled fields. */
  function tensorParameters() {
    const params = new URLSearchParams();
    for (const name of TENSOR_FIELDS) {
      const input = form.elements.namedItem(name);
      const value = input.value.trim();
      if (!input.disabled && value !== '') {
        params.set(name, name === 'shape' ? value.replace(/\s+/g, '') : value);
      }
    }
    return params;
  }

  function url(path, params, extra) {
    const all = new URLSearchParams(params);
    for (const [key, value] of Object.entries(extra || {})) {
      all.set(key, value);
    }
    // keep commas and colons readable, as the docs write them
    return path + '?' + all.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  }

  function clearProblem() {
    problemBox.hidden = true;
    problemBox.textContent = '';
    for (const element of form.elements) {
      element.removeAttribute('aria-invalid');
    }
  }

  function showProblem(problem) {
    problemBox.hidden = false;
    problemBox.textContent = (problem.title || 'Error') + ': ' + (problem.detail || 'the request failed');
    const field = problem.parameter && form.elements.namedItem(problem.parameter);
    if (field && field.setAttribute) {
      field.setAttribute('aria-invalid', 'true');
    }
    status.textContent = 'The service refused the request.';
  }

  function fillPairs(list, pairs) {
    list.replaceChildren();
    for (const [term, value] of pairs) {
      if (value === undefined || value === null) {
        continue;
      }
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      list.append(dt, dd);
    }
  }

  function short(x) {
    return (typeof x === 'number') ? Number(x.toPrecision(6)).toString() : x;
  }

  function link(href, text, download) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (download) {
      a.setAttribute('download', download);
    }
    return a;
  }

  function showDownloads(params, answer) {
    const list = document.getElementById('downloads');
    list.replaceChildren();
    const base = answer.name ? answer.name.replace(/[^A-Za-z0-9._-]/g, '_') : 'weights';
    const formats = [['json', 'json', 'JSON (values as nested arrays)'], ['raw', 'bin', 'raw (little-endian, C order)'],
      ['npy', 'npy', 'NumPy .npy'], ['safetensors', 'safetensors', 'safetensors']];
    for (const [format, extension, label] of formats) {
      const item = document.createElement('li');
      if (format === 'npy' && answer.dtype === 'bfloat16') {
        item.textContent = 'NumPy .npy: not for bfloat16 (NumPy has no such type); use safetensors or raw';
      }
      else {
        item.append(link(url('/v1/weights', params, { format }), label, base + '.' + extension));
      }
      list.append(item);
    }
    for (const format of ['svg', 'json']) {
      const item = document.createElement('li');
      item.append(link(url('/v1/weights/histogram', params, { bins: form.elements.namedItem('bins').value, format }),
        'this histogram as ' + format.toUpperCase(), base + '-histogram.' + format));
      list.append(item);
    }
  }

  function showCode(params, answer) {
    const origin = window.location.origin;
    const bfloat = answer.dtype === 'bfloat16';
    const format = bfloat ? 'safetensors' : 'npy';
    const address = origin + url('/v1/weights', params, { format });
    const file = (answer.name ? answer.name.replace(/[^A-Za-z0-9._-]/g, '_') : 'weights') + '.' + format;
    document.getElementById('curl').textContent = "curl -fsS -o " + file + " '" + address + "'";
    const python = bfloat
      ? 'import urllib.request\nfrom safetensors.torch import load\n'
        + 'w = load(urllib.request.urlopen("' + address + '").read())[' + JSON.stringify(answer.name || 'weight') + ']'
      : 'import io, urllib.request\nimport numpy as np\n'
        + 'w = np.load(io.BytesIO(urllib.request.urlopen("' + address + '").read()))';
    document.getElementById('python').textContent = python;
  }

  async function show(event) {
    if (event) {
      event.preventDefault();
    }
    clearProblem();
    status.textContent = 'Counting the values\u2026';
    const params = tensorParameters();
    const bins = form.elements.namedItem('bins').value.trim();
    let answer;
    let seed;
    try {
      const response = await fetch(url('/v1/weights/histogram', params, bins ? { bins, format: 'json' } : { format: 'json' }),
        { headers: { Accept: 'application/json' } });
      answer = await response.json();
      if (!response.ok) {
        showProblem(answer);
        return;
      }
      // a seed above 2^53 does not survive JSON.parse; the header carries it exactly
      seed = response.headers.get('Tensor-Seed');
    }
    catch (failure) {
      showProblem({ title: 'No answer', detail: String(failure) });
      return;
    }
    // the drawn seed, if any, fixes the tensor for the picture, the links and the code
    params.set('seed', seed);
    const extra = { format: 'svg' };
    if (bins) {
      extra.bins = bins;
    }
    const stats = answer.statistics;
    const histogram = answer.histogram;
    image.alt = 'Histogram of ' + stats.count + ' ' + answer.distribution + ' values in ' + histogram.bins
      + ' bins from ' + short(histogram.low) + ' to ' + short(histogram.high) + ', with the theoretical density; mean '
      + short(stats.mean) + ', std ' + short(stats.std) + ' (expected ' + short(answer.std) + ').';
    image.src = url('/v1/weights/histogram', params, extra);
    fillPairs(document.getElementById('parameters'), [
      ['shape', answer.shape.join(' \u00d7 ')], ['full shape', answer.fullShape && answer.fullShape.join(' \u00d7 ')],
      ['dtype', answer.dtype], ['distribution', answer.distribution], ['seed', seed],
      ['layout', answer.layout], ['mode', answer.mode], ['fan in', answer.fanIn], ['fan out', answer.fanOut],
      ['gain', short(answer.gain)], ['std', short(answer.std)],
      [answer.distribution === 'truncated_normal' ? 'cut' : 'bound', answer.bound === undefined ? undefined : short(answer.bound)],
      ['generator', answer.generator]]);
    fillPairs(document.getElementById('statistics'), [
      ['count', stats.count], ['mean', short(stats.mean)], ['std', short(stats.std)], ['min', short(stats.min)],
      ['max', short(stats.max)], ['below the range', histogram.underflow], ['above the range', histogram.overflow]]);
    showDownloads(params, answer);
    showCode(params, answer);
    status.textContent = 'Showing ' + stats.count + ' ' + answer.distribution + ' values, seed ' + seed + '.';
  }

  image.addEventListener('load', () => image.setAttribute('data-loaded', image.src));
  nonlinearity.addEventListener('change', syncGainFields);
  form.addEventListener('submit', show);
  syncGainFields();
  show();
}());
