"""Parsers of glorot's answers: raw little-endian bytes with ``Tensor-*`` headers, safetensors and npz.

Pure functions of bytes (numpy only), so they are tested offline on bytes the tests make.
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]
"""A numpy array of any element type."""

# safetensors / glorot dtype names -> numpy dtypes (bfloat16 has no numpy type: it is widened to float32, exactly)
SAFETENSORS_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "bf16"}
GLOROT_DTYPES = {"float64": "<f8", "float32": "<f4", "float16": "<f2", "bfloat16": "bf16"}
_ITEM_SIZES = {"<f8": 8, "<f4": 4, "<f2": 2, "bf16": 2}


def to_array(data: bytes | memoryview, dtype: str, shape: Sequence[int]) -> Array:
    """Makes a C-order array of ``shape`` from little-endian bytes of a numpy dtype (or ``bf16``).

    The array owns its memory and is in the platform's byte order; bfloat16 is widened exactly to float32.
    """
    count = 1
    for d in shape:
        count *= int(d)
    if len(data) != count * _ITEM_SIZES[dtype]:
        raise ValueError("%d bytes do not hold %d %s elements of shape %s"
                         % (len(data), count, dtype, tuple(shape)))
    if dtype == "bf16":
        bits = np.frombuffer(data, dtype="<u2").astype(np.uint32) << 16
        return bits.view(np.float32).reshape(tuple(shape))
    return np.frombuffer(data, dtype=dtype).reshape(tuple(shape)).astype(np.dtype(dtype).newbyteorder("="))


def raw_layout(headers: Mapping[str, str]) -> tuple[str, tuple[int, ...]]:
    """The wire dtype (a numpy dtype string, or ``bf16``) and shape of a ``format=raw`` answer, from its
    ``Tensor-Dtype`` and ``Tensor-Shape`` headers."""
    shape_text = headers.get("Tensor-Shape")
    dtype_name = headers.get("Tensor-Dtype")
    if shape_text is None or dtype_name is None:
        raise ValueError("a raw answer needs the Tensor-Shape and Tensor-Dtype headers")
    try:
        shape = tuple(int(d) for d in shape_text.split(","))
    except ValueError:
        raise ValueError("Tensor-Shape %r is not a comma-separated list of integers" % shape_text) from None
    dtype = GLOROT_DTYPES.get(dtype_name)
    if dtype is None:
        raise ValueError("unsupported Tensor-Dtype %r" % dtype_name)
    return dtype, shape


def empty_raw(dtype: str, shape: Sequence[int]) -> Array:
    """An uninitialized C-order array to read a raw answer's little-endian bytes into (``<u2`` for bfloat16)."""
    return np.empty(tuple(shape), dtype="<u2" if dtype == "bf16" else dtype)


def finish_raw(array: Array, dtype: str) -> Array:
    """Turns an array filled by ``empty_raw``'s layout into the answer: bfloat16 widened exactly to float32, and
    the platform's byte order (no copy on a little-endian machine)."""
    if dtype == "bf16":
        return (array.astype(np.uint32) << 16).view(np.float32)
    native = np.dtype(dtype).newbyteorder("=")
    return array if array.dtype == native else array.astype(native)


def parse_raw(data: bytes | memoryview, headers: Mapping[str, str]) -> Array:
    """Parses a ``format=raw`` answer: the values, shaped by ``Tensor-Shape`` and typed by ``Tensor-Dtype``.

    ``headers`` is any mapping with those two keys (an ``http.client.HTTPMessage`` or a dict).
    """
    dtype, shape = raw_layout(headers)
    return to_array(data, dtype, shape)


def parse_safetensors(data: bytes | bytearray | memoryview) -> tuple[dict[str, Array], dict[str, Any]]:
    """Parses a safetensors file (bytes) into ``({name: array}, metadata)``, checking the format's rules.

    The layout: an unsigned little-endian 64-bit header length N, N bytes of JSON header, then the data; each
    tensor's ``data_offsets`` are relative to the data, contiguous, and reach the end of the file. The arrays come
    in header order; ``metadata["tensors"]`` (glorot's per-tensor descriptions) is decoded from JSON.
    """
    view = memoryview(data)
    if len(view) < 8:
        raise ValueError("not a safetensors file: shorter than 8 bytes")
    (n,) = struct.unpack("<Q", view[:8])
    if n > len(view) - 8:
        raise ValueError("safetensors header length %d exceeds the file" % n)
    header = json.loads(bytes(view[8:8 + n]).decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("safetensors header is not a JSON object")
    meta: dict[str, Any] = dict(header.pop("__metadata__", {}) or {})
    if isinstance(meta.get("tensors"), str):
        meta["tensors"] = json.loads(meta["tensors"])
    body = view[8 + n:]
    arrays: dict[str, Array] = {}
    end = 0
    for tensor_name, entry in sorted(header.items(), key=lambda item: int(item[1]["data_offsets"][0])):
        begin, stop = entry["data_offsets"]
        if begin != end:
            raise ValueError("safetensors offsets are not contiguous at %r" % tensor_name)
        if stop < begin or stop > len(body):
            raise ValueError("safetensors offsets of %r exceed the file" % tensor_name)
        dtype = SAFETENSORS_DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError("unsupported safetensors dtype %r" % entry["dtype"])
        arrays[tensor_name] = to_array(body[begin:stop], dtype, tuple(entry["shape"]))
        end = stop
    if end != len(body):
        raise ValueError("safetensors data does not reach the end of the file")
    return {name: arrays[name] for name in header}, meta


def parse_npy(data: bytes | bytearray) -> Array:
    """Parses one ``.npy`` file (a ``format=npy`` answer) through numpy's own reader."""
    array: Array = np.load(io.BytesIO(bytes(data)), allow_pickle=False)
    return array


def parse_npz(data: bytes | bytearray, names: Sequence[str] | None = None) -> dict[str, Array]:
    """Parses an npz answer (a zip of ``<name>.npy``) into ``{name: array}``, through ``numpy.load``.

    With ``names``, the arrays come in that order and each must be present; without, in the archive's order.
    numpy checks each member's CRC-32 as it reads it.
    """
    with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as npz:
        order = list(npz.files) if names is None else list(names)
        missing = [name for name in order if name not in npz.files]
        if missing:
            raise ValueError("npz lacks the tensors %s" % missing)
        return {name: npz[name] for name in order}
