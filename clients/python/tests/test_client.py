"""Tests of glorot_client against a running server at GLOROT_URL (run: python3 -m unittest discover -s tests)."""

import io
import json
import os
import struct
import unittest
import urllib.request

import numpy as np

import glorot_client
from glorot_client import GlorotError, batch, parse_safetensors, weights


def setUpModule():
    if not os.environ.get("GLOROT_URL"):
        raise RuntimeError("set GLOROT_URL to a running glorot, e.g. http://127.0.0.1:8080")


def fetch(path):
    with urllib.request.urlopen(os.environ["GLOROT_URL"].rstrip("/") + path, timeout=60) as response:
        return response.read()


def bits(array):
    """The array's bytes, to compare bit for bit."""
    return np.ascontiguousarray(array).tobytes()


MODEL = {
    "encoder.0.weight": {"shape": [64, 32]},
    "encoder.0.bias": {"shape": [64], "layout": "keras", "gain": 0.5, "dtype": "float64"},
    "conv.weight": {"shape": [8, 4, 3, 3], "nonlinearity": "relu", "dtype": "float16"},
    "head.weight": {"shape": [10, 64], "distribution": "truncated_normal"},
}
DEFAULTS = {"distribution": "normal", "nonlinearity": "leaky_relu", "negativeSlope": 0.2}


def single(name):
    """The single-tensor parameters of a MODEL tensor: its own fields over DEFAULTS (own gain hides the pair)."""
    own = dict(MODEL[name])
    params = dict(DEFAULTS)
    if "gain" in own or "nonlinearity" in own:
        for key in ("gain", "nonlinearity", "negativeSlope"):
            params.pop(key, None)
    params.update(own)
    return params


class WeightsTests(unittest.TestCase):

    def test_weights_should_equal_the_servers_npy_answer(self):
        array = weights([5, 7], seed=42, name="fc.weight", nonlinearity="tanh")
        npy = np.load(io.BytesIO(fetch("/v1/weights?shape=5,7&seed=42&name=fc.weight&nonlinearity=tanh&format=npy")))
        self.assertEqual(array.shape, (5, 7))
        self.assertEqual(array.dtype, np.float32)
        self.assertEqual(bits(array), bits(npy))

    def test_weights_should_keep_float64_and_float16(self):
        for dtype, numpy_type in (("float64", np.float64), ("float16", np.float16)):
            array = weights([3, 2], seed=1, dtype=dtype)
            npy = np.load(io.BytesIO(fetch("/v1/weights?shape=3,2&seed=1&format=npy&dtype=" + dtype)))
            self.assertEqual(array.dtype, numpy_type)
            self.assertEqual(bits(array), bits(npy))

    def test_bfloat16_should_widen_exactly_to_float32(self):
        array = weights([4, 4], seed=3, dtype="bfloat16")
        raw = np.frombuffer(fetch("/v1/weights?shape=4,4&seed=3&format=raw&dtype=bfloat16"), dtype="<u2")
        self.assertEqual(array.dtype, np.float32)
        self.assertTrue(np.array_equal(array.reshape(-1).view(np.uint32) >> 16, raw.astype(np.uint32)))
        self.assertTrue(np.all(array.reshape(-1).view(np.uint32) & 0xFFFF == 0))

    def test_refusal_should_raise_with_the_problem(self):
        with self.assertRaises(GlorotError) as caught:
            weights([3, 0], seed=1)
        self.assertEqual(caught.exception.status, 400)
        self.assertEqual(caught.exception.parameter, "shape")
        self.assertEqual(caught.exception.type, "urn:glorot:problem:invalid-shape")

    def test_url_argument_should_override_the_environment(self):
        with self.assertRaises(OSError):
            weights([2, 2], seed=1, url="http://127.0.0.1:9", timeout=5)


class BatchTests(unittest.TestCase):

    def test_safetensors_batch_should_equal_single_tensors_bit_for_bit(self):
        arrays, meta = batch(MODEL, seed=77, defaults=DEFAULTS, metadata=True)
        self.assertEqual(list(arrays), list(MODEL))
        for name in MODEL:
            params = single(name)
            shape = params.pop("shape")
            expected = weights(shape, seed=77, name=name, **params)
            self.assertEqual(arrays[name].dtype, expected.dtype, name)
            self.assertEqual(arrays[name].shape, expected.shape, name)
            self.assertEqual(bits(arrays[name]), bits(expected), name)
        self.assertEqual(meta["seed"], "77")
        self.assertEqual(meta["generator"], "philox4x32-10/v1")
        self.assertEqual(meta["tensors"]["head.weight"]["distribution"], "truncated_normal")

    def test_npz_batch_should_equal_the_safetensors_batch(self):
        model = {name: spec for name, spec in MODEL.items()}
        st = batch(model, seed=5, defaults=DEFAULTS)
        npz = batch(model, seed=5, defaults=DEFAULTS, format="npz")
        self.assertEqual(list(npz), list(st))
        for name in model:
            self.assertEqual(npz[name].dtype, st[name].dtype)
            self.assertEqual(bits(npz[name]), bits(st[name]), name)

    def test_list_form_and_shape_form_should_be_the_same_request(self):
        a = batch({"w": [6, 3]}, seed=8)
        b = batch([{"name": "w", "shape": [6, 3]}], seed=8)
        self.assertEqual(bits(a["w"]), bits(b["w"]))

    def test_batch_refusal_should_name_the_tensor(self):
        with self.assertRaises(GlorotError) as caught:
            batch({"a": [2, 2], "b": {"shape": [2, 2], "dtype": "int8"}}, seed=1)
        self.assertEqual(caught.exception.parameter, "tensors[1].dtype")
        self.assertEqual(caught.exception.problem["tensor"], 1)


class SafetensorsParserTests(unittest.TestCase):

    @staticmethod
    def file(header, data):
        text = json.dumps(header).encode("utf-8")
        return struct.pack("<Q", len(text)) + text + data

    def test_parser_should_read_a_file_written_by_hand(self):
        data = np.arange(6, dtype="<f4").tobytes() + np.array([1.5, 2.5], dtype="<f8").tobytes()
        arrays, meta = parse_safetensors(self.file({
            "__metadata__": {"k": "v"},
            "b": {"dtype": "F64", "shape": [2], "data_offsets": [24, 40]},
            "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        }, data))
        self.assertEqual(list(arrays), ["b", "a"])
        self.assertEqual(arrays["a"].tolist(), [[0, 1, 2], [3, 4, 5]])
        self.assertEqual(arrays["b"].tolist(), [1.5, 2.5])
        self.assertEqual(meta, {"k": "v"})

    def test_parser_should_refuse_gaps_and_short_data(self):
        data = bytes(16)
        with self.assertRaises(ValueError):
            parse_safetensors(self.file({"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}, data))
        with self.assertRaises(ValueError):
            parse_safetensors(self.file({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, data))


class TorchTests(unittest.TestCase):

    def test_as_torch_should_share_values(self):
        try:
            import torch  # noqa: F401
        except ImportError:
            self.skipTest("torch is not installed")
        tensors = glorot_client.as_torch(batch({"w": [3, 2]}, seed=2))
        self.assertEqual(tuple(tensors["w"].shape), (3, 2))


if __name__ == "__main__":
    unittest.main()
