"""glorot_client.torch: init_module, shard and init_sharded bit for bit against weights() (needs torch)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

if os.environ.get("GLOROT_TESTS_STRICT") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="needs torch (Debian: apt-get install python3-torch)")
nn = torch.nn

from glorot_client import weights  # noqa: E402
from glorot_client.torch import init_module, init_sharded, shard, shard_range  # noqa: E402

CLIENT = Path(__file__).resolve().parents[1]


def bits(tensor: torch.Tensor) -> bytes:
    return tensor.detach().contiguous().view(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""


def as_bits(array: np.ndarray, dtype: torch.dtype) -> bytes:
    return bits(torch.from_numpy(np.ascontiguousarray(array)).to(dtype))


class Zoo(nn.Module):
    """Every kind of weight init_module must set, with norm layers it must leave and biases it zeroes."""

    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(50, 16)
        self.attn = nn.MultiheadAttention(16, 4, batch_first=True)
        self.norm = nn.LayerNorm(16)
        self.conv1 = nn.Conv1d(16, 8, 3)
        self.conv2 = nn.Conv2d(3, 6, (3, 5))
        self.conv3 = nn.Conv3d(2, 4, 3, bias=False)
        self.up = nn.ConvTranspose2d(6, 3, 2)
        self.head = nn.Linear(16, 10).double()
        self.half = nn.Linear(8, 4).half()
        self.brain = nn.Linear(8, 4).to(torch.bfloat16)


def test_shard_range_matches_tensor_split() -> None:
    for size in range(0, 12):
        for world in range(1, 6):
            parts = torch.tensor_split(torch.arange(size), world)
            for rank in range(world):
                start, stop = shard_range(size, rank, world)
                assert list(range(start, stop)) == parts[rank].tolist(), (size, world, rank)


def test_init_module_sets_every_weight_bit_for_bit_and_zeroes_biases(server: str) -> None:
    torch.manual_seed(0)
    model = Zoo()
    norm_before = model.norm.weight.detach().clone()
    names = init_module(model, seed=2024, nonlinearity="relu", distribution="normal")
    expected = [n for n, p in model.named_parameters() if p.dim() >= 2]
    assert names == expected and "attn.in_proj_weight" in names and "embed.weight" in names
    dtypes = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
              torch.bfloat16: "bfloat16"}
    for name, parameter in model.named_parameters():
        if parameter.dim() >= 2:
            single = weights(list(parameter.shape), seed=2024, name=name, layout="torch", nonlinearity="relu",
                             distribution="normal", dtype=dtypes[parameter.dtype])
            assert bits(parameter) == as_bits(single, parameter.dtype), name
        elif name.endswith("bias"):
            assert not parameter.detach().float().any(), name
    assert torch.equal(model.norm.weight.detach(), norm_before)
    assert model.head.weight.dtype == torch.float64 and model.brain.weight.dtype == torch.bfloat16


def test_bias_keep_leaves_biases(server: str) -> None:
    torch.manual_seed(1)
    model = nn.Linear(5, 3)
    before = model.bias.detach().clone()
    assert init_module(model, seed=1, bias="keep") == ["weight"]
    assert torch.equal(model.bias.detach(), before) and before.any()


def test_init_module_passes_the_generator(server: str) -> None:
    model = nn.Linear(7, 5)
    init_module(model, seed=3, generator="torch", bias="keep")
    reference = nn.Linear(7, 5)
    torch.manual_seed(3)
    nn.init.xavier_uniform_(reference.weight)
    assert bits(model.weight) == bits(reference.weight)  # the server's torch generator is PyTorch's own draw


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_shards_of_every_world_size_put_together_equal_the_whole(server: str, dim: int) -> None:
    shape = [7, 10]
    whole = weights(shape, seed=9, name="w", nonlinearity="tanh")
    for world in range(1, 6):
        parts = [shard(shape, dim=dim, rank=r, world_size=world, seed=9, name="w", nonlinearity="tanh")
                 for r in range(world)]
        assert bits(torch.cat(parts, dim=dim)) == as_bits(whole, torch.float32), world
        assert [p.shape[dim] for p in parts] == [p.shape[dim] for p in torch.tensor_split(torch.empty(shape),
                                                                                         world, dim=dim)]


def test_an_empty_shard_needs_no_request() -> None:
    part = shard([2, 3], dim=0, rank=2, world_size=3, seed=1, url="http://127.0.0.1:9")
    assert tuple(part.shape) == (0, 3)


def test_shard_keeps_the_dtype(server: str) -> None:
    part = shard([4, 6], dim=1, rank=1, world_size=2, seed=1, dtype="bfloat16")
    assert part.dtype == torch.bfloat16
    assert bits(part) == as_bits(weights([4, 6], seed=1, dtype="bfloat16")[:, 3:], torch.bfloat16)


class Block(nn.Module):
    """A Megatron-style MLP block: fc1 split on its output rows, fc2 on its input columns."""

    def __init__(self, hidden: int, ffn: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(hidden, ffn)
        self.fc2 = nn.Linear(ffn, hidden)
        self.norm = nn.LayerNorm(hidden)
        self.out = nn.Linear(hidden, 3)


def test_init_sharded_equals_init_module_at_every_world_size(server: str) -> None:
    hidden, ffn = 6, 11
    reference = Block(hidden, ffn)
    init_module(reference, seed=5, nonlinearity="relu")
    plan = {"fc1.weight": (0, [ffn, hidden]), "fc2.weight": (1, [hidden, ffn]), "fc1.bias": (0, [ffn])}
    for world in range(1, 5):
        fc1, fc2 = [], []
        for rank in range(world):
            start, stop = shard_range(ffn, rank, world)
            local = Block(hidden, ffn)
            local.fc1 = nn.Linear(hidden, stop - start)
            local.fc2 = nn.Linear(stop - start, hidden)
            names = init_sharded(local, seed=5, rank=rank, world_size=world, plan=plan, nonlinearity="relu")
            assert names == ["fc1.weight", "fc2.weight", "out.weight"]
            fc1.append(local.fc1.weight)
            fc2.append(local.fc2.weight)
            assert bits(local.out.weight) == bits(reference.out.weight)  # replicated
            assert not local.fc1.bias.detach().any()
        assert bits(torch.cat(fc1, 0)) == bits(reference.fc1.weight), world
        assert bits(torch.cat(fc2, 1)) == bits(reference.fc2.weight), world


def test_init_sharded_refuses_a_plan_that_does_not_fit(server: str) -> None:
    model = Block(4, 6)
    with pytest.raises(ValueError, match="part 0 of 2"):
        init_sharded(model, seed=1, rank=0, world_size=2, plan={"fc1.weight": (0, [6, 4])})
    with pytest.raises(ValueError, match="lacks"):
        init_sharded(model, seed=1, rank=0, world_size=1, plan={"fc9.weight": (0, [6, 4])})
    with pytest.raises(TypeError, match="per tensor"):
        init_module(model, seed=1, dtype="float64")


def test_importing_without_torch_says_what_is_missing() -> None:
    code = ("import sys; sys.modules['torch'] = None\n"
            "try:\n    import glorot_client.torch\nexcept ImportError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=CLIENT, capture_output=True, text=True, timeout=60)
    assert "glorot_client.torch needs PyTorch" in result.stdout, result
    assert subprocess.run([sys.executable, "-c", "import sys; sys.modules['torch'] = None; import glorot_client"],
                          cwd=CLIENT, timeout=60).returncode == 0
