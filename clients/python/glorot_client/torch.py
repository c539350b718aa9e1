"""PyTorch modules initialized by glorot, whole or sharded, with the same bits at every world size.

``init_module`` sets every weight of a module from one batch request; ``shard`` fetches one rank's part of a
tensor split with ``torch.tensor_split``'s sizes; ``init_sharded`` does that for a module's parameters in one
batch request. Element ``i`` of a tensor is a function of ``(seed, name, i)`` alone, so the shards of all ranks,
put together, are bit for bit the tensor ``init_module`` sets on one process, whatever the world size; and with
the canonical generator a shard costs the server only its own elements.

Needs torch (``pip install 'glorot-client[torch]'``); importing this module without it raises ``ImportError``
saying so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import numpy as np

try:
    import torch
except ImportError as missing:  # pragma: no cover - exercised in a process without torch
    raise ImportError("glorot_client.torch needs PyTorch: pip install 'glorot-client[torch]' (or install torch); "
                      "the rest of glorot_client works without it") from missing

from . import DEFAULT_RETRIES, Array, Seed, batch, weights

__all__ = ["init_module", "shard", "init_sharded", "shard_range", "Plan"]

Plan = Mapping[str, tuple[int, Sequence[int]]]
"""``{parameter name: (dim, full shape)}``: the dimension a parameter is split on and its unsharded shape."""

_DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
           torch.bfloat16: "bfloat16"}
_BATCH_OPTIONS = ("url", "timeout", "retries")


def _dtype_name(dtype: torch.dtype, name: str) -> str:
    try:
        return _DTYPES[dtype]
    except KeyError:
        raise TypeError("parameter %r has dtype %s; glorot serves float32, float64, float16 and bfloat16"
                        % (name, dtype)) from None


def _to_tensor(array: Array, dtype: torch.dtype) -> torch.Tensor:
    # bfloat16 arrives widened exactly to float32: narrowing it back is exact
    return torch.from_numpy(np.ascontiguousarray(array)).to(dtype)


def shard_range(size: int, rank: int, world_size: int) -> tuple[int, int]:
    """The ``[start, stop)`` of part ``rank`` of ``size`` split into ``world_size`` parts as ``torch.tensor_split``
    splits it: the first ``size % world_size`` parts have one element more (uneven splits allowed)."""
    if world_size < 1 or not 0 <= rank < world_size:
        raise ValueError("rank must be in [0, world_size) and world_size >= 1; got rank=%d, world_size=%d"
                         % (rank, world_size))
    base, extra = divmod(size, world_size)
    start = rank * base + min(rank, extra)
    return start, start + base + (1 if rank < extra else 0)


def _slice_text(shape: Sequence[int], dim: int, start: int, stop: int) -> str:
    return ",".join("%d:%d" % (start, stop) if d == dim else ":" for d in range(len(shape)))


def _normal_dim(dim: int, rank: int, name: str) -> int:
    if not -rank <= dim < rank:
        raise ValueError("dim %d is out of range for %r of %d dimensions" % (dim, name, rank))
    return dim % rank


def _check_params(params: Mapping[str, Any]) -> None:
    for key in ("shape", "name", "seed", "format", "slice", "dtype"):
        if key in params:
            raise TypeError("%r is set per tensor by this function (dtype: the parameter's own); it cannot be a "
                            "default" % key)


def _parameters(module: torch.nn.Module) -> Iterator[tuple[str, torch.nn.Parameter]]:
    parameters: Iterator[tuple[str, torch.nn.Parameter]] = module.named_parameters()
    return parameters


def _zero_biases(module: torch.nn.Module, bias: str, skip: set[str]) -> None:
    if bias not in ("zeros", "keep"):
        raise ValueError("bias must be 'zeros' or 'keep'; got %r" % (bias,))
    if bias == "zeros":
        for name, parameter in _parameters(module):
            if name.endswith("bias") and name not in skip:
                parameter.zero_()


def init_module(module: torch.nn.Module, *, seed: Seed, url: str | None = None,
                bias: Literal["zeros", "keep"] = "zeros", timeout: float = 300, retries: int = DEFAULT_RETRIES,
                **params: Any) -> list[str]:
    """Sets every parameter of ``module`` with 2 or more dimensions from ONE batch request, in place.

    Each weight is named by its ``state_dict`` key and keeps its dtype; ``params`` are the batch defaults
    (``distribution``, ``nonlinearity``, ``gain``, ``negativeSlope``, ``mode``, ``layout``, ``generator``,
    ``torchCpu``, ...). Every weight set equals ``weights(shape, seed=seed, name=key, layout="torch", **params)``
    bit for bit. ``bias="zeros"`` zeroes the parameters whose name ends in ``bias`` (and have fewer than 2
    dimensions), ``bias="keep"`` leaves them; other parameters of fewer than 2 dimensions (norm layers) are
    left as they are. Returns the names of the weights set from glorot, in the module's order.
    """
    return init_sharded(module, seed=seed, rank=0, world_size=1, plan={}, url=url, bias=bias, timeout=timeout,
                        retries=retries, **params)


def shard(shape: Sequence[int], *, dim: int, rank: int, world_size: int, seed: Seed, name: str | None = None,
          url: str | None = None, **params: Any) -> torch.Tensor:
    """Fetches only part ``rank`` of a tensor of ``shape`` split along ``dim`` into ``world_size`` parts.

    The parts have ``torch.tensor_split``'s sizes; the request carries ``slice``, so the server generates only
    these elements, and the part is bit for bit ``weights(shape, ...)[..., start:stop, ...]``. ``params`` are
    any other ``weights`` keywords (``distribution``, ``nonlinearity``, ``dtype``, ``generator``, ``timeout``,
    ...). Returns a torch tensor of the part's shape and of the asked ``dtype`` (``float32`` by default); an
    empty part (``shape[dim] < world_size``) is answered without a request.
    """
    full = [int(d) for d in shape]
    axis = _normal_dim(dim, len(full), name or "the tensor")
    start, stop = shard_range(full[axis], rank, world_size)
    dtype = getattr(torch, params.get("dtype") or "float32")
    if stop == start:
        return torch.empty([0 if d == axis else size for d, size in enumerate(full)], dtype=dtype)
    if "slice" in params:
        raise TypeError("shard sets 'slice' itself")
    array = weights(full, seed=seed, name=name, url=url, slice=_slice_text(full, axis, start, stop), **params)
    return _to_tensor(array, dtype)


def init_sharded(module: torch.nn.Module, *, seed: Seed, rank: int, world_size: int, plan: Plan,
                 url: str | None = None, bias: Literal["zeros", "keep"] = "zeros", timeout: float = 300,
                 retries: int = DEFAULT_RETRIES, **params: Any) -> list[str]:
    """Initializes this rank's shards of a module's parameters from ONE batch request, in place.

    ``plan`` maps a parameter's name to ``(dim, full_shape)``: the parameter is part ``rank`` of the tensor of
    ``full_shape`` split along ``dim`` into ``world_size`` parts (``torch.tensor_split``'s sizes), and the
    request asks only for that part (``slice``). A parameter of 2 or more dimensions absent from ``plan`` is
    replicated (fetched whole). Biases and 1-D parameters follow ``init_module``'s rules (``bias``). Whatever
    the world size, the parts of all ranks put together equal, bit for bit, what ``init_module`` sets on the
    unsharded module under the same names. Returns the names set from glorot.
    """
    _check_params(params)
    tensors: list[dict[str, Any]] = []
    targets: dict[str, torch.nn.Parameter] = {}
    empty: list[str] = []
    for name, parameter in _parameters(module):
        if parameter.dim() < 2:
            continue
        entry: dict[str, Any] = {"name": name, "dtype": _dtype_name(parameter.dtype, name)}
        if name in plan:
            dim, full_shape = plan[name]
            full = [int(d) for d in full_shape]
            axis = _normal_dim(dim, len(full), name)
            start, stop = shard_range(full[axis], rank, world_size)
            local = [stop - start if d == axis else size for d, size in enumerate(full)]
            if list(parameter.shape) != local:
                raise ValueError("parameter %r has shape %s, but part %d of %d of %s along dim %d is %s"
                                 % (name, list(parameter.shape), rank, world_size, full, axis, local))
            entry["shape"] = full
            if stop == start:
                empty.append(name)
                continue
            if stop - start != full[axis]:
                entry["slice"] = _slice_text(full, axis, start, stop)
        else:
            entry["shape"] = list(parameter.shape)
        tensors.append(entry)
        targets[name] = parameter
    unknown = sorted(set(plan) - {name for name, _ in _parameters(module)})
    if unknown:
        raise ValueError("plan names parameters the module lacks: %s" % unknown)
    with torch.no_grad():
        if tensors:
            arrays = batch(tensors, seed=seed, defaults=params or None, url=url, timeout=timeout, retries=retries)
            for name, parameter in targets.items():
                parameter.copy_(_to_tensor(arrays[name], parameter.dtype))
        _zero_biases(module, bias, skip=set(targets))
    return [name for name, _ in _parameters(module) if name in targets or name in empty]
