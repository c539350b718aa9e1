"""weights and batch against a running glorot (GLOROT_URL), bit for bit against the server's own answers."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import urllib.request
from typing import Any

import numpy as np
import pytest

from glorot_client import TENSOR_FIELDS, GlorotError, _http, batch, weights

MODEL: dict[str, dict[str, Any]] = {
    "encoder.0.weight": {"shape": [64, 32]},
    "encoder.0.bias": {"shape": [64], "layout": "keras", "gain": 0.5, "dtype": "float64"},
    "conv.weight": {"shape": [8, 4, 3, 3], "nonlinearity": "relu", "dtype": "float16"},
    "head.weight": {"shape": [10, 64], "distribution": "truncated_normal"},
}
DEFAULTS = {"distribution": "normal", "nonlinearity": "leaky_relu", "negativeSlope": 0.2}


def bits(array: np.ndarray) -> bytes:
    """The array's bytes, to compare bit for bit."""
    return np.ascontiguousarray(array).tobytes()


def single(name: str) -> dict[str, Any]:
    """The single-tensor parameters of a MODEL tensor: its own fields over DEFAULTS (own gain hides the pair)."""
    own = dict(MODEL[name])
    params = dict(DEFAULTS)
    if "gain" in own or "nonlinearity" in own:
        for key in ("gain", "nonlinearity", "negativeSlope"):
            params.pop(key, None)
    params.update(own)
    return params


def test_weights_equals_the_servers_npy_answer(server: str, fetch) -> None:
    array = weights([5, 7], seed=42, name="fc.weight", nonlinearity="tanh")
    npy = np.load(io.BytesIO(fetch("/v1/weights?shape=5,7&seed=42&name=fc.weight&nonlinearity=tanh&format=npy")))
    assert array.shape == (5, 7) and array.dtype == np.float32
    assert bits(array) == bits(npy)


@pytest.mark.parametrize("wire", ["raw", "npy", "safetensors"])
def test_every_wire_format_gives_the_same_array(server: str, wire: str) -> None:
    expected = weights([6, 5], seed=9, name="w", dtype="float64")
    assert bits(weights([6, 5], seed=9, name="w", dtype="float64", format=wire)) == bits(expected)


@pytest.mark.parametrize("dtype, numpy_type", [("float64", np.float64), ("float16", np.float16)])
def test_weights_keeps_float64_and_float16(server: str, fetch, dtype: str, numpy_type: type) -> None:
    array = weights([3, 2], seed=1, dtype=dtype)
    npy = np.load(io.BytesIO(fetch("/v1/weights?shape=3,2&seed=1&format=npy&dtype=" + dtype)))
    assert array.dtype == numpy_type and bits(array) == bits(npy)


def test_bfloat16_widens_exactly_to_float32(server: str, fetch) -> None:
    array = weights([4, 4], seed=3, dtype="bfloat16")
    raw = np.frombuffer(fetch("/v1/weights?shape=4,4&seed=3&format=raw&dtype=bfloat16"), dtype="<u2")
    assert array.dtype == np.float32
    assert np.array_equal(array.reshape(-1).view(np.uint32) >> 16, raw.astype(np.uint32))
    assert np.all(array.reshape(-1).view(np.uint32) & 0xFFFF == 0)


def test_generator_and_torch_cpu_reach_the_server(server: str, fetch) -> None:
    array = weights([6, 4], seed=0, generator="torch", torchCpu="default", dtype="float64")
    npy = np.load(io.BytesIO(fetch("/v1/weights?shape=6,4&seed=0&generator=torch&torchCpu=default"
                                   "&dtype=float64&format=npy")))
    assert bits(array) == bits(npy)
    with pytest.raises(GlorotError) as caught:
        weights([6, 4], seed=0, torchCpu="default")  # torchCpu without generator=torch
    assert caught.value.parameter == "torchCpu"


def test_a_raw_answer_is_read_into_an_array_of_its_own(server: str, fetch) -> None:
    array = weights([300, 200], seed=21, distribution="normal")
    npy = np.load(io.BytesIO(fetch("/v1/weights?shape=300,200&seed=21&distribution=normal&format=npy")))
    assert array.flags.owndata and array.flags.writeable and array.flags.c_contiguous
    assert array.dtype == np.float32 and bits(array) == bits(npy)


def test_get_into_refuses_a_buffer_of_the_wrong_length(server: str) -> None:
    with pytest.raises(ValueError, match="allocate gave 7 bytes"):
        _http.get_into(server + "/v1/weights", {"shape": "4,4", "seed": "1", "format": "raw"},
                       lambda headers, length: bytearray(7), timeout=30, retries=0)


def test_an_answer_a_proxy_rechunked_without_length_is_read_whole(server: str, fetch) -> None:
    query = "shape=96,80&seed=8&dtype=float16&format=raw"
    with urllib.request.urlopen(server + "/v1/weights?" + query, timeout=60) as answer:
        body, tensor_headers = answer.read(), {k: v for k, v in answer.headers.items() if k.startswith("Tensor-")}

    class Rechunking(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.send_response(200)
            for key, value in tensor_headers.items():
                self.send_header(key, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for at in range(0, len(body), 5000):
                piece = body[at:at + 5000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")

        def log_message(self, *args: Any) -> None:
            pass

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Rechunking)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        array = weights([96, 80], seed=8, dtype="float16", url="http://127.0.0.1:%d" % proxy.server_address[1])
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert array.dtype == np.float16 and bits(array) == body


def test_slice_equals_the_same_part_of_the_whole(server: str) -> None:
    whole = weights([10, 6], seed=5, name="s", fanIn=7, fanOut=9, mode="fan_in", layout="torch")
    part = weights([10, 6], seed=5, name="s", fanIn=7, fanOut=9, mode="fan_in", layout="torch", slice="3:7,2:")
    assert bits(part) == bits(whole[3:7, 2:])


def test_refusal_raises_with_the_problem(server: str) -> None:
    with pytest.raises(GlorotError) as caught:
        weights([3, 0], seed=1)
    assert caught.value.status == 400
    assert caught.value.parameter == "shape"
    assert caught.value.type == "urn:glorot:problem:invalid-shape"


def test_url_argument_overrides_the_environment(server: str) -> None:
    with pytest.raises(OSError):
        weights([2, 2], seed=1, url="http://127.0.0.1:9", timeout=5, retries=0)


def test_safetensors_batch_equals_single_tensors_bit_for_bit(server: str) -> None:
    arrays, meta = batch(MODEL, seed=77, defaults=DEFAULTS, metadata=True)
    assert list(arrays) == list(MODEL)
    for name in MODEL:
        params = single(name)
        shape = params.pop("shape")
        expected = weights(shape, seed=77, name=name, **params)
        assert arrays[name].dtype == expected.dtype and arrays[name].shape == expected.shape, name
        assert bits(arrays[name]) == bits(expected), name
    assert meta["seed"] == "77"
    assert meta["generator"] == "philox4x32-10/v1"
    assert meta["tensors"]["head.weight"]["distribution"] == "truncated_normal"


def test_npz_batch_equals_the_safetensors_batch(server: str) -> None:
    st = batch(MODEL, seed=5, defaults=DEFAULTS)
    npz = batch(MODEL, seed=5, defaults=DEFAULTS, format="npz")
    assert list(npz) == list(st)
    for name in MODEL:
        assert npz[name].dtype == st[name].dtype and bits(npz[name]) == bits(st[name]), name


def test_batch_takes_every_tensor_field(server: str) -> None:
    assert set(TENSOR_FIELDS) >= {"generator", "torchCpu", "slice"}
    arrays = batch({"t": {"shape": [8, 4], "generator": "torch", "torchCpu": "avx2", "slice": "2:5,:"}}, seed=3)
    assert bits(arrays["t"]) == bits(weights([8, 4], seed=3, name="t", generator="torch")[2:5])


def test_list_form_and_shape_form_are_the_same_request(server: str) -> None:
    assert bits(batch({"w": [6, 3]}, seed=8)["w"]) == bits(batch([{"name": "w", "shape": [6, 3]}], seed=8)["w"])


def test_batch_refusal_names_the_tensor(server: str) -> None:
    with pytest.raises(GlorotError) as caught:
        batch({"a": [2, 2], "b": {"shape": [2, 2], "dtype": "int8"}}, seed=1)
    assert caught.value.parameter == "tensors[1].dtype"
    assert caught.value.problem["tensor"] == 1


class TestResume:
    """A download cut mid-answer resumes with Range and If-Range; the result is the whole answer, bit for bit."""

    def test_weights_resumes_after_cuts_with_range(self, server: str, proxy) -> None:
        proxy.cut_after, proxy.cuts = 300_000, 3  # headers plus part of the body, three times
        url = "http://127.0.0.1:%d" % proxy.port
        array = weights([512, 512], seed=11, name="big", url=url)
        assert hashlib.sha256(bits(array)).digest() == hashlib.sha256(bits(weights([512, 512], seed=11,
                                                                                       name="big"))).digest()
        resumed = [c for c in proxy.connections if c["range"]]
        assert len(resumed) == 3, proxy.connections
        assert all(c["status"].startswith("HTTP/1.1 206") and c["if_range"].startswith('"') for c in resumed)
        starts = [int(str(c["range"])[len("bytes="):-1]) for c in resumed]
        assert starts == sorted(starts) and starts[0] > 0

    @pytest.mark.parametrize("wire, dtype", [("raw", "float16"), ("raw", "bfloat16"), ("npy", "float64"),
                                             ("safetensors", "float32")])
    def test_every_format_resumes_into_the_same_buffer(self, server: str, proxy, wire: str, dtype: str) -> None:
        proxy.cut_after, proxy.cuts = 150_000, 2
        array = weights([512, 384], seed=12, dtype=dtype, format=wire, url="http://127.0.0.1:%d" % proxy.port)
        assert len([c for c in proxy.connections if c["range"]]) == 2, proxy.connections
        assert bits(array) == bits(weights([512, 384], seed=12, dtype=dtype))

    def test_a_drawn_seed_is_pinned_before_resuming(self, server: str, proxy) -> None:
        proxy.cut_after, proxy.cuts = 200_000, 1
        array = weights([256, 512], name="drawn", url="http://127.0.0.1:%d" % proxy.port)
        retry = proxy.connections[1]
        assert "seed=" in str(retry["request"]), proxy.connections
        seed = str(retry["request"]).split("seed=")[1].split("&")[0].split(" ")[0]
        assert bits(array) == bits(weights([256, 512], name="drawn", seed=seed))

    def test_gives_up_after_the_retries_without_progress(self, server: str, proxy) -> None:
        proxy.cut_after, proxy.cuts = 1, 100  # never past the status line
        with pytest.raises(Exception):
            weights([64, 64], seed=1, url="http://127.0.0.1:%d" % proxy.port, retries=2)
        assert len(proxy.connections) == 3

    def test_batch_is_sent_again_whole_after_a_cut(self, server: str, proxy) -> None:
        proxy.cut_after, proxy.cuts = 100_000, 1
        arrays = batch({"a": [256, 256], "b": [128, 64]}, seed=4, url="http://127.0.0.1:%d" % proxy.port)
        assert len(proxy.connections) == 2
        assert bits(arrays["a"]) == bits(weights([256, 256], seed=4, name="a"))
