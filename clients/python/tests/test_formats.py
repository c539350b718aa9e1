"""The format parsers, offline, on bytes the tests make: safetensors by hand, npz/npy by numpy, raw + headers."""

from __future__ import annotations

import io
import json
import random
import struct

import numpy as np
import pytest

from glorot_client import parse_npy, parse_npz, parse_raw, parse_safetensors
from glorot_client._formats import empty_raw, finish_raw, raw_layout


def safetensors_file(header: dict, data: bytes) -> bytes:
    text = json.dumps(header).encode("utf-8")
    return struct.pack("<Q", len(text)) + text + data


def bf16_bits(values: np.ndarray) -> np.ndarray:
    """bfloat16 bits of float32 values that bfloat16 holds exactly (low 16 bits zero)."""
    return (values.astype("<f4").view("<u4") >> 16).astype("<u2")


class TestSafetensors:

    def test_reads_a_file_written_by_hand_in_header_order(self) -> None:
        data = np.arange(6, dtype="<f4").tobytes() + np.array([1.5, 2.5], dtype="<f8").tobytes()
        arrays, meta = parse_safetensors(safetensors_file({
            "__metadata__": {"k": "v", "tensors": json.dumps({"a": {"seed": 1}})},
            "b": {"dtype": "F64", "shape": [2], "data_offsets": [24, 40]},
            "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        }, data))
        assert list(arrays) == ["b", "a"]
        assert arrays["a"].tolist() == [[0, 1, 2], [3, 4, 5]]
        assert arrays["a"].dtype == np.float32 and arrays["b"].dtype == np.float64
        assert arrays["b"].tolist() == [1.5, 2.5]
        assert meta == {"k": "v", "tensors": {"a": {"seed": 1}}}

    def test_widens_bfloat16_exactly_and_keeps_float16(self) -> None:
        values = np.array([1.0, -2.5, 0.15625, 2.0 ** -130], dtype=np.float32)  # exact in bfloat16, one subnormal
        halves = np.array([0.5, -65504.0, 6.0e-8], dtype="<f2")
        arrays, _ = parse_safetensors(safetensors_file({
            "w": {"dtype": "BF16", "shape": [2, 2], "data_offsets": [0, 8]},
            "h": {"dtype": "F16", "shape": [3], "data_offsets": [8, 14]},
        }, bf16_bits(values).tobytes() + halves.tobytes()))
        assert arrays["w"].dtype == np.float32
        assert arrays["w"].reshape(-1).view(np.uint32).tolist() == values.view(np.uint32).tolist()
        assert arrays["h"].dtype == np.float16 and arrays["h"].tobytes() == halves.astype("=f2").tobytes()

    @pytest.mark.parametrize("header, data, message", [
        ({"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}, bytes(16), "contiguous"),
        ({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, bytes(16), "end of the file"),
        ({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8), "do not hold"),
        ({"a": {"dtype": "I8", "shape": [8], "data_offsets": [0, 8]}}, bytes(8), "unsupported"),
        ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, bytes(8), "exceed"),
    ])
    def test_refuses_files_that_break_the_rules(self, header: dict, data: bytes, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            parse_safetensors(safetensors_file(header, data))

    def test_refuses_short_files_and_long_headers(self) -> None:
        with pytest.raises(ValueError, match="shorter than 8"):
            parse_safetensors(b"\x01\x00")
        with pytest.raises(ValueError, match="exceeds the file"):
            parse_safetensors(struct.pack("<Q", 100) + b"{}")

    def test_round_trips_random_files(self) -> None:
        seed = 20261130
        rng = random.Random(seed)
        for case in range(50):
            header, chunks, offset, expected = {}, [], 0, {}
            for t in range(rng.randint(1, 5)):
                shape = [rng.randint(1, 4) for _ in range(rng.randint(1, 3))]
                code, dtype = rng.choice([("F32", "<f4"), ("F64", "<f8"), ("F16", "<f2")])
                values = np.array([rng.uniform(-2, 2) for _ in range(int(np.prod(shape)))], dtype=dtype)
                raw = values.tobytes()
                header["t%d" % t] = {"dtype": code, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
                chunks.append(raw)
                offset += len(raw)
                expected["t%d" % t] = values.reshape(shape)
            arrays, _ = parse_safetensors(safetensors_file(header, b"".join(chunks)))
            for name, values in expected.items():
                assert arrays[name].shape == values.shape, (seed, case, name)
                assert arrays[name].tobytes() == values.astype(values.dtype.newbyteorder("=")).tobytes(), \
                    (seed, case, name)


class TestNpzAndNpy:

    def test_reads_numpys_own_npz_in_the_asked_order(self) -> None:
        buffer = io.BytesIO()
        a, b = np.arange(6, dtype=np.float32).reshape(2, 3), np.array([0.25], dtype=np.float64)
        np.savez(buffer, **{"enc.weight": a, "head/kernel": b})
        arrays = parse_npz(buffer.getvalue(), ["head/kernel", "enc.weight"])
        assert list(arrays) == ["head/kernel", "enc.weight"]
        assert arrays["enc.weight"].tobytes() == a.tobytes() and arrays["head/kernel"].tobytes() == b.tobytes()
        assert list(parse_npz(buffer.getvalue())) == ["enc.weight", "head/kernel"]

    def test_npz_without_an_asked_tensor_is_refused(self) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, w=np.zeros(2, dtype=np.float32))
        with pytest.raises(ValueError, match="lacks"):
            parse_npz(buffer.getvalue(), ["w", "v"])

    def test_reads_npy(self) -> None:
        buffer = io.BytesIO()
        values = np.linspace(-1, 1, 12, dtype=np.float16).reshape(3, 4)
        np.save(buffer, values)
        assert parse_npy(buffer.getvalue()).tobytes() == values.tobytes()


class TestRaw:

    @pytest.mark.parametrize("dtype, numpy_type", [("float32", "<f4"), ("float64", "<f8"), ("float16", "<f2")])
    def test_shapes_and_types_little_endian_bytes(self, dtype: str, numpy_type: str) -> None:
        values = np.arange(24, dtype=numpy_type) / 8
        array = parse_raw(values.tobytes(), {"Tensor-Shape": "2,3,4", "Tensor-Dtype": dtype})
        assert array.shape == (2, 3, 4) and array.dtype == np.dtype(numpy_type).newbyteorder("=")
        assert array.reshape(-1).tolist() == values.tolist()

    def test_widens_bfloat16(self) -> None:
        values = np.array([1.0, -0.5, 2.0 ** -130], dtype=np.float32)
        array = parse_raw(bf16_bits(values).tobytes(), {"Tensor-Shape": "3", "Tensor-Dtype": "bfloat16"})
        assert array.dtype == np.float32 and array.view(np.uint32).tolist() == values.view(np.uint32).tolist()

    @pytest.mark.parametrize("headers, data, message", [
        ({"Tensor-Dtype": "float32"}, bytes(4), "needs the Tensor-Shape"),
        ({"Tensor-Shape": "1", "Tensor-Dtype": "int8"}, bytes(1), "unsupported"),
        ({"Tensor-Shape": "2,x", "Tensor-Dtype": "float32"}, bytes(8), "integers"),
        ({"Tensor-Shape": "2,3", "Tensor-Dtype": "float32"}, bytes(20), "do not hold"),
    ])
    def test_refuses_bad_headers_and_lengths(self, headers: dict, data: bytes, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            parse_raw(data, headers)

    def test_reading_into_the_empty_array_equals_parsing_the_bytes(self) -> None:
        """What ``weights`` does (bytes read into ``empty_raw``'s array, then ``finish_raw``) gives the same
        array, bit for bit, as ``parse_raw`` of the same bytes, over random shapes and dtypes."""
        seed = random.randrange(1 << 30)
        rng = np.random.default_rng(seed)
        for case in range(200):
            dtype_name = ("float32", "float64", "float16", "bfloat16")[case % 4]
            shape = tuple(int(d) for d in rng.integers(0, 6, size=int(rng.integers(1, 4))))
            data = rng.integers(0, 256, size=int(np.prod(shape)) * (8 if dtype_name == "float64" else
                                                                      4 if dtype_name == "float32" else 2),
                                dtype=np.uint8).tobytes()
            headers = {"Tensor-Shape": ",".join(map(str, shape)), "Tensor-Dtype": dtype_name}
            dtype, layout = raw_layout(headers)
            target = empty_raw(dtype, layout)
            if data:
                memoryview(target).cast("B")[:] = data
            got, expected = finish_raw(target, dtype), parse_raw(data, headers)
            assert got.shape == expected.shape and got.dtype == expected.dtype, (seed, case)
            assert got.tobytes() == expected.tobytes(), (seed, case)
            assert got.flags.c_contiguous and got.flags.writeable, (seed, case)
