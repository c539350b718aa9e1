"""Initializes a small MLP's weights from one batch request and loads them into PyTorch.

The client parses the safetensors answer itself (no safetensors package). Without torch installed, the example
fetches the same weights, checks them with numpy, and says it skipped the PyTorch part.
"""
import sys

from glorot_client import as_torch, batch

try:
    import torch
    from torch import nn
except ImportError:  # no torch (as in CI): fetch the same weights, check them, and say what was skipped
    w = batch({"0.weight": [256, 784], "2.weight": [64, 256], "4.weight": [10, 64]}, seed=2024,
              defaults={"nonlinearity": "relu"})
    assert [a.shape for a in w.values()] == [(256, 784), (64, 256), (10, 64)], w
    sys.exit(print("torch is not installed: fetched", {k: a.shape for k, a in w.items()}, "; skipped PyTorch"))

mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
shapes = {name: list(p.shape) for name, p in mlp.named_parameters() if name.endswith("weight")}
state = as_torch(batch(shapes, seed=2024, defaults={"nonlinearity": "relu"}))  # safetensors parsed by the client
state.update({name: torch.zeros_like(p) for name, p in mlp.state_dict().items() if name.endswith(".bias")})
mlp.load_state_dict(state)  # strict: every parameter is set
assert torch.equal(mlp[0].weight.detach(), state["0.weight"])
print("loaded", sorted(state), "into the MLP; output shape", tuple(mlp(torch.ones(1, 784)).shape))
