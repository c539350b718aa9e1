"""Initializes a PyTorch MLP with init_module: every weight from one batch request, in place (needs torch).

Then checks what it set against the same request made by hand with batch(): bit for bit, biases zeroed.
"""
import torch
from torch import nn

from glorot_client import batch

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
from glorot_client.torch import init_module  # needs torch; URL: GLOROT_URL, else http://localhost:8080
init_module(model, seed=2024, nonlinearity="relu")  # every weight from one batch request; biases zeroed

state = batch({name: list(p.shape) for name, p in model.named_parameters() if p.dim() >= 2}, seed=2024,
              defaults={"nonlinearity": "relu"})
for name, parameter in model.named_parameters():
    expected = torch.from_numpy(state[name]) if name in state else torch.zeros_like(parameter)
    assert torch.equal(parameter.detach(), expected), name
print("initialized", sorted(state), "; output shape", tuple(model(torch.ones(1, 784)).shape))
