"""Client for glorot: Xavier (Glorot) initialized weight tensors over HTTP, reproducible to the bit.

Standard library plus numpy. ``weights`` fetches one tensor as a numpy array; ``batch`` fetches many named
tensors in one request (``POST /v1/weights/batch``) as a dict of arrays, parsing safetensors (or npz) itself;
``as_torch`` turns either into torch tensors, and ``glorot_client.torch`` initializes whole (or sharded) PyTorch
modules. The server URL comes from the ``url`` argument, else the ``GLOROT_URL`` environment variable, else
``http://localhost:8080``. Downloads that are cut resume by themselves with ``Range`` (see ``_http``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Union

import numpy as np

from . import _http
from ._formats import Array, empty_raw, finish_raw, parse_npy, parse_npz, parse_raw, parse_safetensors, raw_layout
from ._http import DEFAULT_RETRIES, GlorotError

__all__ = ["weights", "batch", "as_torch", "parse_safetensors", "parse_npy", "parse_npz", "parse_raw", "GlorotError",
           "DEFAULT_URL", "DEFAULT_RETRIES", "TENSOR_FIELDS", "Array", "Seed", "Shape", "TensorSpec"]

DEFAULT_URL = "http://localhost:8080"

TENSOR_FIELDS = ("distribution", "gain", "nonlinearity", "negativeSlope", "mode", "layout", "fanIn", "fanOut",
                 "dtype", "slice", "generator", "torchCpu")
"""The fields a batch's ``defaults`` and tensors take, spelled as the API spells them (also ``weights``'s)."""

Seed = Union[int, str]
Shape = Sequence[int]
TensorSpec = Union[Shape, Mapping[str, Any]]
"""A batch tensor: its shape, or a mapping with ``shape`` and any of ``TENSOR_FIELDS``."""


def _base(url: str | None) -> str:
    return (url or os.environ.get("GLOROT_URL") or DEFAULT_URL).rstrip("/")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(int(d)) for d in value)
    return str(value)


def weights(shape: Shape, *, seed: Seed | None = None, name: str | None = None,
            distribution: Literal["uniform", "normal", "truncated_normal"] | None = None,
            gain: float | None = None, nonlinearity: str | None = None, negativeSlope: float | None = None,
            mode: Literal["fan_avg", "fan_in", "fan_out"] | None = None,
            layout: Literal["torch", "keras", "jax"] | None = None,
            fanIn: int | None = None, fanOut: int | None = None,
            dtype: Literal["float32", "float64", "float16", "bfloat16"] | None = None,
            slice: str | None = None,
            generator: Literal["philox", "torch", "numpy", "numpy_legacy"] | None = None,
            torchCpu: Literal["avx2", "default"] | None = None,
            format: Literal["raw", "npy", "safetensors"] = "raw",
            url: str | None = None, timeout: float = 60, retries: int = DEFAULT_RETRIES) -> Array:
    """Fetches one tensor (``GET /v1/weights``) as a numpy array of the answer's shape and dtype.

    Every keyword but ``url``, ``timeout`` and ``retries`` is the API's parameter of that name (docs/api.md).
    ``format`` is the wire format (``raw`` with the ``Tensor-*`` headers by default; ``npy`` and ``safetensors``
    give the same array). bfloat16 comes widened, exactly, to float32. A raw answer is read straight into the
    returned array (``readinto``, no intermediate copy). A download that is cut resumes by itself with ``Range``;
    ``retries`` bounds the consecutive attempts that make no progress.
    """
    fields = {"seed": seed, "name": name, "distribution": distribution, "gain": gain,
              "nonlinearity": nonlinearity, "negativeSlope": negativeSlope, "mode": mode, "layout": layout,
              "fanIn": fanIn, "fanOut": fanOut, "dtype": dtype, "slice": slice, "generator": generator,
              "torchCpu": torchCpu}
    query = {"shape": _text(shape), "format": format}
    query.update({key: _text(value) for key, value in fields.items() if value is not None})
    if format not in ("raw", "npy", "safetensors"):
        raise ValueError("format must be 'raw', 'npy' or 'safetensors'")
    # the body is read straight into its final array (raw) or one buffer of its exact length (npy, safetensors)
    target: dict[str, Any] = {}

    def allocate(headers: Mapping[str, str], length: int) -> Any:
        if format == "raw":
            dtype, shape = raw_layout(headers)
            array = empty_raw(dtype, shape)
            if array.nbytes != length:
                raise ValueError("%d bytes do not hold %d %s elements of shape %s"
                                 % (length, array.size, dtype, shape))
            target.update(array=array, dtype=dtype)
            return array
        target["data"] = bytearray(length)
        return target["data"]

    _http.get_into(_base(url) + "/v1/weights", query, allocate, timeout=timeout, retries=retries)
    if format == "raw":
        return finish_raw(target["array"], target["dtype"])
    if format == "npy":
        return parse_npy(target["data"])
    arrays, _ = parse_safetensors(target["data"])
    (array,) = arrays.values()
    return array


def _tensor_list(tensors: Mapping[str, TensorSpec] | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(tensors, Mapping):
        listed = []
        for tensor_name, spec in tensors.items():
            entry = dict(spec) if isinstance(spec, Mapping) else {"shape": [int(d) for d in spec]}
            entry["name"] = tensor_name
            listed.append(entry)
        return listed
    return [dict(t) for t in tensors]


def batch(tensors: Mapping[str, TensorSpec] | Sequence[Mapping[str, Any]], *, seed: Seed | None = None,
          defaults: Mapping[str, Any] | None = None, url: str | None = None,
          format: Literal["safetensors", "npz"] = "safetensors", timeout: float = 300,
          retries: int = DEFAULT_RETRIES, metadata: bool = False) -> Any:
    """Fetches many named tensors in one request (``POST /v1/weights/batch``).

    ``tensors`` is either a dict ``{name: shape}`` / ``{name: {"shape": ..., **fields}}`` or a list of dicts
    with ``name`` and ``shape``; ``defaults`` holds fields every tensor takes unless it gives its own (any of
    ``TENSOR_FIELDS``: ``distribution``, ``gain``, ``nonlinearity``, ``negativeSlope``, ``mode``, ``layout``,
    ``fanIn``, ``fanOut``, ``dtype``, ``slice``, ``generator``, ``torchCpu``). ``format`` is ``safetensors``
    (parsed here, no safetensors package needed) or ``npz`` (read by numpy). Returns ``{name: numpy array}`` in
    request order, or ``(arrays, metadata)`` with ``metadata=True`` (safetensors only: the file's
    ``__metadata__``, whose ``tensors`` entry is decoded from JSON; ``{}`` for npz). A cut answer is asked for
    again whole (a POST has no ranges).
    """
    if format not in ("safetensors", "npz"):
        raise ValueError("format must be 'safetensors' or 'npz'")
    body: dict[str, Any] = {"tensors": _tensor_list(tensors), "format": format}
    if seed is not None:
        body["seed"] = seed
    if defaults:
        body["defaults"] = dict(defaults)
    data, _ = _http.post_json(_base(url) + "/v1/weights/batch", body, timeout=timeout, retries=retries)
    if format == "npz":
        arrays = parse_npz(data, [tensor["name"] for tensor in body["tensors"]])
        return (arrays, {}) if metadata else arrays
    arrays, meta = parse_safetensors(data)
    return (arrays, meta) if metadata else arrays


def as_torch(arrays: Any) -> Any:
    """Turns an array, or a dict of arrays, into torch tensors (needs torch)."""
    import torch

    if isinstance(arrays, dict):
        return {key: torch.from_numpy(np.ascontiguousarray(value)) for key, value in arrays.items()}
    return torch.from_numpy(np.ascontiguousarray(arrays))
