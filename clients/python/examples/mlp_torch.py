"""Initializes a small MLP's weights from one batch request and loads them into PyTorch.

The client parses the safetensors answer itself (no safetensors package). Without torch installed, it fetches and
checks the weights with numpy and says it skipped the PyTorch part.
"""
import numpy as np

from glorot_client import as_torch, batch

# the MLP's parameter names and shapes, as torch.nn.Sequential(Linear(784, 256), ReLU(), Linear(256, 64), ReLU(),
# Linear(64, 10)).state_dict() names them; weights are (out, in), the torch layout
SHAPES = {"0.weight": [256, 784], "2.weight": [64, 256], "4.weight": [10, 64]}

weights = batch(SHAPES, seed=2024, defaults={"nonlinearity": "relu", "distribution": "uniform"})
for name, shape in SHAPES.items():
    assert weights[name].shape == tuple(shape) and weights[name].dtype == np.float32, name
    bound = np.sqrt(2.0) * np.sqrt(6.0 / sum(shape))  # relu gain times the Xavier uniform bound
    assert np.abs(weights[name]).max() <= bound, name

try:
    import torch
    from torch import nn
except ImportError:
    print("fetched %d weight tensors; torch is not installed, skipped loading them into PyTorch" % len(weights))
else:
    mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
    state = as_torch(weights)
    state.update({name: torch.zeros_like(p) for name, p in mlp.state_dict().items() if name.endswith(".bias")})
    mlp.load_state_dict(state)  # strict: every parameter is set
    assert torch.equal(mlp[0].weight.detach(), torch.from_numpy(weights["0.weight"]))
    print("loaded", list(state), "into", mlp.__class__.__name__, "output", tuple(mlp(torch.ones(1, 784)).shape))
