from glorot_client import weights, batch  # URL: GLOROT_URL, else http://localhost:8080
w = weights([256, 512], seed=42, name="fc.weight", nonlinearity="relu")  # numpy float32, shape (256, 512)
model = batch({"fc1.weight": [128, 784], "fc2.weight": [10, 128]}, seed=42, defaults={"nonlinearity": "relu"})
print(w.shape, w.dtype, {name: a.shape for name, a in model.items()})
assert model["fc1.weight"].shape == (128, 784) and w.dtype.name == "float32"
