# Load glorot answers into numpy: the raw bytes with the Tensor-* headers, and a .npy file.
import io, os, urllib.request
import numpy as np

url = os.environ.get("GLOROT_URL", "http://localhost:8080") + "/v1/weights?shape=256,512&seed=42"

with urllib.request.urlopen(url + "&format=raw") as r:
    shape = tuple(int(d) for d in r.headers["Tensor-Shape"].split(","))
    w_raw = np.frombuffer(r.read(), dtype="<" + {"float32": "f4", "float64": "f8", "float16": "f2"}[r.headers["Tensor-Dtype"]]).reshape(shape)

with urllib.request.urlopen(url + "&format=npy") as r:
    w_npy = np.load(io.BytesIO(r.read()))

assert w_npy.shape == (256, 512) and w_npy.dtype == np.float32
assert np.array_equal(w_raw, w_npy)
print(w_npy.shape, w_npy.dtype, float(w_npy.std()))
