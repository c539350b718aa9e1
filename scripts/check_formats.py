#!/usr/bin/env python3
"""Reads the service's four formats back with real parsers (numpy for .npy and raw, json, and a safetensors
reader written from the format's description) and checks they carry the same values. Run by
.ci/steps/10-formats-numpy.sh against the packaged jar; needs numpy (Debian's python3-numpy)."""
import hashlib
import io
import json
import os
import struct
import sys
import urllib.error
import urllib.request

import numpy as np

BASE = os.environ.get("GLOROT_URL", "http://127.0.0.1:8080")
NUMPY_DTYPES = {"float32": "<f4", "float64": "<f8", "float16": "<f2"}
SAFETENSORS_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}


def fetch(query, fmt):
    with urllib.request.urlopen(f"{BASE}/v1/weights?{query}&format={fmt}") as r:
        body = r.read()
        assert r.headers.get("Content-Length") is None or int(r.headers["Content-Length"]) == len(body)
        return r.headers, body


def read_safetensors(data):
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    buffer = data[8 + n:]
    end = 0
    tensors = {}
    for name, entry in sorted(((k, v) for k, v in header.items() if k != "__metadata__"),
                              key=lambda kv: kv[1]["data_offsets"][0]):
        start, stop = entry["data_offsets"]
        assert start == end, "offsets must be contiguous"
        end = stop
        tensors[name] = np.frombuffer(buffer[start:stop], dtype=SAFETENSORS_DTYPES[entry["dtype"]]).reshape(entry["shape"])
    assert end == len(buffer), "offsets must reach the end of the file"
    return header.get("__metadata__", {}), tensors


def check(query, dtype):
    q = f"{query}&dtype={dtype}"
    headers, raw = fetch(q, "raw")
    shape = tuple(int(d) for d in headers["Tensor-Shape"].split(","))
    w_raw = np.frombuffer(raw, dtype=NUMPY_DTYPES[dtype]).reshape(shape)
    _, npy = fetch(q, "npy")
    w_npy = np.load(io.BytesIO(npy), allow_pickle=False)
    assert w_npy.dtype == np.dtype(NUMPY_DTYPES[dtype]) and w_npy.shape == shape, (w_npy.dtype, w_npy.shape)
    assert np.array_equal(w_npy, w_raw)
    _, st = fetch(q, "safetensors")
    metadata, tensors = read_safetensors(st)
    (key,) = tensors
    assert np.array_equal(tensors[key], w_raw)
    assert metadata["generator"] == headers["Tensor-Generator"]
    _, js = fetch(q, "json")
    answer = json.loads(js)
    w_json = np.array(answer["values"], dtype=np.float64)
    assert w_json.shape == shape
    # every JSON number reads back to the exact element
    assert np.array_equal(w_json.astype(NUMPY_DTYPES[dtype]), w_raw), "json values differ"
    print(f"ok  {q}: shape {shape} {dtype}, sha256 {hashlib.sha256(raw).hexdigest()[:16]}")


def main():
    # the contract's first known answer, in numpy
    _, raw = fetch("shape=3,4&seed=42", "raw")
    first = np.frombuffer(raw, dtype="<u4")[:8]
    assert [f"{x:08x}" for x in first] == ["3e562e51", "bd6e3ff6", "bf4a4bf1", "be96de9d",
                                           "3f673037", "bea3f367", "3cd2eff2", "bdad3e15"], first
    for query in ["shape=3,4&seed=42", "shape=64,3,7,7&seed=2024&distribution=normal&nonlinearity=relu",
                  "shape=17&seed=5&layout=keras&distribution=truncated_normal",
                  "shape=8,6,5&seed=18446744073709551615&slice=2:5,:,1:4&name=enc.0.weight"]:
        for dtype in ["float32", "float64", "float16"]:
            check(query, dtype)
    try:
        fetch("shape=3,4&dtype=bfloat16", "npy")
        sys.exit("bfloat16 as npy must be refused")
    except urllib.error.HTTPError as e:
        assert e.code == 400 and e.headers["Content-Type"].startswith("application/problem+json")
    print("formats: all read back by numpy, json and a safetensors reader")


if __name__ == "__main__":
    main()
