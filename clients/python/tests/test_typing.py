"""The package is typed: py.typed ships, and every public function annotates every parameter and its return."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import glorot_client


def public_functions(module: object) -> list[tuple[str, object]]:
    return [(name, getattr(module, name)) for name in getattr(module, "__all__")
            if inspect.isfunction(getattr(module, name))]


def modules() -> list[object]:
    found = [glorot_client]
    try:
        import glorot_client.torch as torch_module
        found.append(torch_module)
    except ImportError:
        pass
    return found


def test_py_typed_ships_with_the_package() -> None:
    assert (Path(glorot_client.__file__).parent / "py.typed").is_file()
    assert 'glorot_client = ["py.typed"]' in (Path(glorot_client.__file__).parents[1] / "pyproject.toml").read_text()


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.__name__)
def test_every_public_function_is_annotated(module: object) -> None:
    functions = public_functions(module)
    assert functions
    for name, function in functions:
        signature = inspect.signature(function)
        missing = [p for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty]
        assert not missing, "%s.%s lacks annotations on %s" % (module.__name__, name, missing)
        assert signature.return_annotation is not inspect.Signature.empty, "%s.%s lacks a return type" % (
            module.__name__, name)
