"""A small model run tensor-parallel on 1 to N CPU processes, initialized shard by shard with the same bits.

Each rank holds only its shards (Megatron style: fc1 and the vocabulary head split on their output rows, fc2 on
its input columns, uneven splits included) and asks glorot for exactly those elements with ``init_sharded``, in
one batch request. The example then checks, for every world size, with ``all_gather``, that the shards put
together are bit for bit what ``init_module`` sets on one process, and that the parallel forward pass agrees
with the one-process model (to float rounding: the sums are split differently).

    PYTHONPATH=. python3 examples/tensor_parallel.py [--world-sizes 1,2,3,4]   # GLOROT_URL: the server

torch.distributed with the gloo backend on loopback, a free port per world size, one thread per process.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import socket
import sys
import tempfile
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch import nn

from glorot_client.torch import init_module, init_sharded, shard_range

VOCAB, HIDDEN, FFN, SEED = 97, 24, 50, 1234


class Model(nn.Module):
    """Embedding -> MLP (fc1 column-parallel, fc2 row-parallel) -> LayerNorm -> vocabulary head (column-parallel).

    Built with the sizes of one rank's shards; ``Model(0, 1)`` is the whole model. Parameter names are the same
    at every world size, so every rank asks for the same tensors as the whole model, sliced.
    """

    def __init__(self, rank: int = 0, world_size: int = 1) -> None:
        super().__init__()
        ffn = shard_range(FFN, rank, world_size)
        vocab = shard_range(VOCAB, rank, world_size)
        self.embed = nn.Embedding(VOCAB, HIDDEN)  # replicated
        self.fc1 = nn.Linear(HIDDEN, ffn[1] - ffn[0])
        self.fc2 = nn.Linear(ffn[1] - ffn[0], HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN)
        self.head = nn.Linear(HIDDEN, vocab[1] - vocab[0], bias=False)
        self.world_size = world_size

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        h = self.embed(tokens)
        y = F.linear(F.relu(self.fc1(h)), self.fc2.weight)  # this rank's part of fc2's sum
        if self.world_size > 1:
            dist.all_reduce(y)
        h = self.norm(h + y + self.fc2.bias)
        return gather(self.head(h), dim=-1, size=VOCAB, world_size=self.world_size)


def gather(part: torch.Tensor, *, dim: int, size: int, world_size: int) -> torch.Tensor:
    """All ranks' parts of a tensor split along ``dim`` into ``world_size`` uneven parts, put together.

    gloo's ``all_gather`` needs equal sizes: each part is padded to the largest, gathered, and cut back.
    """
    if world_size == 1:
        return part
    dim = dim % part.dim()
    largest = shard_range(size, 0, world_size)[1]
    padded = torch.zeros(*[largest if d == dim else n for d, n in enumerate(part.shape)], dtype=part.dtype)
    padded.narrow(dim, 0, part.shape[dim]).copy_(part)
    parts = [torch.empty_like(padded) for _ in range(world_size)]
    dist.all_gather(parts, padded.contiguous())
    return torch.cat([p.narrow(dim, 0, (lambda r: r[1] - r[0])(shard_range(size, rank, world_size)))
                      for rank, p in enumerate(parts)], dim=dim)


def digest(state: dict[str, torch.Tensor]) -> str:
    sha = hashlib.sha256()
    for name in sorted(state):
        sha.update(name.encode())
        sha.update(state[name].contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return sha.hexdigest()


def rank_main(rank: int, world_size: int, port: int, reference_file: str, result_file: str) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method="tcp://127.0.0.1:%d" % port, rank=rank, world_size=world_size)
    try:
        plan = {"fc1.weight": (0, [FFN, HIDDEN]), "fc1.bias": (0, [FFN]), "fc2.weight": (1, [HIDDEN, FFN]),
                "head.weight": (0, [VOCAB, HIDDEN])}  # name -> (the dim it is split on, its full shape)
        model = Model(rank, world_size)  # this rank's shards only: fc1 and head split on rows, fc2 on columns
        init_sharded(model, seed=SEED, rank=rank, world_size=world_size, plan=plan, nonlinearity="relu")
        full = {}
        for name, parameter in model.state_dict().items():
            planned = plan.get(name)
            full[name] = parameter if planned is None else gather(parameter, dim=planned[0],
                                                                  size=planned[1][planned[0]],
                                                                  world_size=world_size)
        tokens = torch.arange(12).reshape(2, 6) * 7 % VOCAB
        with torch.no_grad():
            logits = model(tokens)
        if rank == 0:
            reference = torch.load(reference_file)
            for name, tensor in reference["state"].items():
                same = torch.equal(full[name].view(-1).view(torch.uint8), tensor.view(-1).view(torch.uint8))
                assert same, "world size %d: %s differs from init_module's" % (world_size, name)
            torch.testing.assert_close(logits, reference["logits"], rtol=1e-5, atol=1e-5)
            with open(result_file, "w") as out:
                out.write(digest(full))
    finally:
        dist.destroy_process_group()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description="tensor-parallel init with the same bits at every world size")
    parser.add_argument("--world-sizes", default="1,2,3,4")
    sizes = [int(n) for n in parser.parse_args().world_sizes.split(",")]
    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")  # loopback only
    torch.set_num_threads(1)

    whole = Model()
    init_module(whole, seed=SEED, nonlinearity="relu")  # the reference: one process, one request
    with torch.no_grad():
        logits = whole(torch.arange(12).reshape(2, 6) * 7 % VOCAB)
    expected = digest(whole.state_dict())
    with tempfile.TemporaryDirectory() as tmp:
        reference_file = os.path.join(tmp, "reference.pt")
        torch.save({"state": whole.state_dict(), "logits": logits}, reference_file)
        for world_size in sizes:
            started = time.monotonic()
            result_file = os.path.join(tmp, "world-%d.txt" % world_size)
            # fork: the ranks start without importing torch again (CPU only, one thread, nothing to re-initialize)
            mp.start_processes(rank_main, args=(world_size, free_port(), reference_file, result_file),
                               nprocs=world_size, start_method="fork")
            with open(result_file) as result:
                got = result.read()
            assert got == expected, "world size %d: %s != %s" % (world_size, got, expected)
            print("world size %d: the shards equal init_module's weights bit for bit (sha256 %s...), "
                  "logits agree; %.1f s" % (world_size, got[:16], time.monotonic() - started), flush=True)
    print("tensor parallel: same bits at world sizes", sizes)


if __name__ == "__main__":
    sys.exit(main())
