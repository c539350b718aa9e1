"""Client for glorot: Xavier (Glorot) initialized weight tensors over HTTP, reproducible to the bit.

Standard library plus numpy. ``weights`` fetches one tensor as a numpy array; ``batch`` fetches many named
tensors in one request (``POST /v1/weights/batch``) as a dict of arrays, parsing safetensors (or npz) itself;
``as_torch`` turns either into torch tensors when torch is installed. The server URL comes from the ``url``
argument, else the ``GLOROT_URL`` environment variable, else ``http://localhost:8080``.
"""

import io
import json
import os
import struct
import urllib.error
import urllib.parse
import urllib.request

import numpy as np

__all__ = ["weights", "batch", "as_torch", "parse_safetensors", "GlorotError", "DEFAULT_URL"]

DEFAULT_URL = "http://localhost:8080"

# safetensors / glorot dtype names -> numpy dtypes (bfloat16 has no numpy type: it is widened to float32, exactly)
_SAFETENSORS_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "bf16"}
_GLOROT_DTYPES = {"float64": "<f8", "float32": "<f4", "float16": "<f2", "bfloat16": "bf16"}


class GlorotError(Exception):
    """A request the server refused: carries the RFC 9457 problem (``status``, ``type``, ``parameter``, ...)."""

    def __init__(self, status, problem):
        self.status = status
        self.problem = problem if isinstance(problem, dict) else {"detail": str(problem)}
        self.type = self.problem.get("type")
        self.parameter = self.problem.get("parameter")
        super().__init__("%s %s: %s" % (status, self.problem.get("title", ""), self.problem.get("detail", "")))


def _base(url):
    return (url or os.environ.get("GLOROT_URL") or DEFAULT_URL).rstrip("/")


def _open(request, timeout):
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            problem = json.loads(body.decode("utf-8"))
        except ValueError:
            problem = {"detail": body.decode("utf-8", "replace")}
        raise GlorotError(error.code, problem) from None


def _array(data, dtype, shape):
    """Makes a C-order array of ``shape`` from little-endian bytes of a glorot/numpy dtype."""
    if dtype == "bf16":
        bits = np.frombuffer(data, dtype="<u2").astype(np.uint32) << 16
        return bits.view(np.float32).reshape(shape)
    return np.frombuffer(data, dtype=dtype).reshape(shape).astype(np.dtype(dtype).newbyteorder("="), copy=True)


def weights(shape, *, seed=None, name=None, url=None, timeout=60, **params):
    """Fetches one tensor.

    ``shape`` is a sequence of ints; ``params`` are any other ``GET /v1/weights`` parameters (``distribution``,
    ``gain``, ``nonlinearity``, ``mode``, ``layout``, ``fanIn``, ``fanOut``, ``dtype``, ``slice``, ...).
    Returns a numpy array of the answer's shape and dtype (bfloat16 widened exactly to float32).
    """
    query = {"shape": ",".join(str(int(d)) for d in shape), "format": "raw"}
    if seed is not None:
        query["seed"] = str(seed)
    if name is not None:
        query["name"] = name
    for key, value in params.items():
        if value is not None:
            query[key] = value if isinstance(value, str) else json.dumps(value)
    request = urllib.request.Request(_base(url) + "/v1/weights?" + urllib.parse.urlencode(query))
    with _open(request, timeout) as response:
        data = response.read()
        dims = tuple(int(d) for d in response.headers["Tensor-Shape"].split(","))
        dtype = _GLOROT_DTYPES[response.headers["Tensor-Dtype"]]
    return _array(data, dtype, dims)


def _tensor_list(tensors):
    if isinstance(tensors, dict):
        listed = []
        for tensor_name, spec in tensors.items():
            entry = dict(spec) if isinstance(spec, dict) else {"shape": list(spec)}
            entry["name"] = tensor_name
            listed.append(entry)
        return listed
    return [dict(t) for t in tensors]


def batch(tensors, *, seed=None, defaults=None, url=None, format="safetensors", timeout=300, metadata=False):
    """Fetches many named tensors in one request.

    ``tensors`` is either a dict ``{name: shape}`` / ``{name: {"shape": ..., **overrides}}`` or a list of dicts
    with ``name`` and ``shape``. ``defaults`` holds fields every tensor takes unless it gives its own.
    ``format`` is ``safetensors`` (parsed here, no safetensors package needed) or ``npz`` (read by numpy).
    Returns ``{name: numpy array}`` in request order, or ``(arrays, metadata)`` with ``metadata=True``
    (safetensors only: the file's ``__metadata__``, whose ``tensors`` entry is decoded from JSON).
    """
    if format not in ("safetensors", "npz"):
        raise ValueError("format must be 'safetensors' or 'npz'")
    body = {"tensors": _tensor_list(tensors), "format": format}
    if seed is not None:
        body["seed"] = seed
    if defaults:
        body["defaults"] = dict(defaults)
    request = urllib.request.Request(_base(url) + "/v1/weights/batch", data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with _open(request, timeout) as response:
        data = response.read()
    if format == "npz":
        with np.load(io.BytesIO(data)) as npz:
            arrays = {tensor["name"]: npz[tensor["name"]] for tensor in body["tensors"]}
        return (arrays, {}) if metadata else arrays
    arrays, meta = parse_safetensors(data)
    return (arrays, meta) if metadata else arrays


def parse_safetensors(data):
    """Parses a safetensors file (bytes) into ``({name: array}, metadata)``, checking the format's rules.

    The layout: an unsigned little-endian 64-bit header length N, N bytes of JSON header, then the data; each
    tensor's ``data_offsets`` are relative to the data, contiguous, and reach the end of the file.
    """
    data = memoryview(data)
    if len(data) < 8:
        raise ValueError("not a safetensors file: shorter than 8 bytes")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError("safetensors header length %d exceeds the file" % n)
    header = json.loads(bytes(data[8:8 + n]).decode("utf-8"))
    meta = dict(header.pop("__metadata__", {}) or {})
    if isinstance(meta.get("tensors"), str):
        meta["tensors"] = json.loads(meta["tensors"])
    body = data[8 + n:]
    arrays = {}
    end = 0
    for tensor_name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"][0]):
        begin, stop = entry["data_offsets"]
        if begin != end:
            raise ValueError("safetensors offsets are not contiguous at %r" % tensor_name)
        dtype = _SAFETENSORS_DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError("unsupported safetensors dtype %r" % entry["dtype"])
        arrays[tensor_name] = _array(bytes(body[begin:stop]), dtype, tuple(entry["shape"]))
        end = stop
    if end != len(body):
        raise ValueError("safetensors data does not reach the end of the file")
    ordered = {name: arrays[name] for name in header}
    return ordered, meta


def as_torch(arrays):
    """Turns an array, or a dict of arrays, into torch tensors (needs torch)."""
    import torch

    if isinstance(arrays, dict):
        return {key: torch.from_numpy(np.ascontiguousarray(value)) for key, value in arrays.items()}
    return torch.from_numpy(np.ascontiguousarray(arrays))
