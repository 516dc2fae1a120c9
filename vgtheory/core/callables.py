"""Python and PyTorch callables as activations: signature, name, precision and evaluation.

A callable that keeps mpmath precision (a lambda built from arithmetic) is evaluated at the working
precision; anything else (math functions, numpy, torch modules) in float64, and a torch module's
σ' comes from autograd.
"""

from __future__ import annotations

import math
import sys
from typing import Callable

import mpmath

from vgtheory.errors import ActivationError

__all__ = ["check_signature", "callable_name", "is_torch", "callable_precision", "numeric_caller", "float_caller", "torch_slope",
           "repeat_mismatch"]


def check_signature(fn: Callable) -> None:
    """Refuse a callable that cannot be called with exactly one positional argument."""
    import inspect

    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return  # builtins and C functions without a signature: let the first call tell
    try:
        sig.bind(0.0)
    except TypeError as exc:
        raise ActivationError(
            f"an activation takes one real argument, but the callable's signature is {sig} ({exc})"
        ) from None


def callable_name(fn: Callable) -> str:
    for attr in ("__name__", "__qualname__"):
        value = getattr(fn, attr, None)
        if isinstance(value, str) and value != "<lambda>":
            return value
    return type(fn).__name__ if not hasattr(fn, "__name__") else "callable"


def is_torch(fn: Callable) -> bool:
    module = type(fn).__module__ or ""
    fn_module = getattr(fn, "__module__", "") or ""
    if module.startswith("torch") or fn_module.startswith("torch"):
        return True
    # A user's own nn.Module subclass lives in the user's module; torch is imported if it exists.
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(fn, torch.nn.Module)


def callable_precision(fn: Callable) -> str:
    """'mpmath' if fn keeps mpmath precision (e.g. a lambda built from arithmetic), else 'float64'.

    Returning an mpf is not enough (``math.sin(t)/t`` does, with 16 good digits): a step of
    1e-30, invisible in float64, must move fn by 1e-30 times its slope.
    """
    if is_torch(fn):
        return "float64"
    try:
        with mpmath.workdps(50):
            for t0 in (mpmath.mpf("0.7"), mpmath.mpf("-1.3")):
                tiny, coarse = mpmath.mpf(10) ** -30, mpmath.mpf(10) ** -6
                out = fn(t0)
                if not isinstance(out, mpmath.mpf):
                    return "float64"
                fine = (fn(t0 + tiny) - out) / tiny
                slope = (fn(t0 + coarse) - fn(t0 - coarse)) / (2 * coarse)
                if abs(fine - slope) > mpmath.mpf(10) ** -4 * (1 + abs(slope)):
                    return "float64"
    except Exception:  # noqa: BLE001 - any failure means the callable is float-only
        return "float64"
    return "mpmath"


def _float64_torch(fn: Callable) -> Callable:
    """A torch module evaluated in float64: a copy with its parameters and buffers cast (exactly,
    from float32), so that float64 inputs meet float64 weights; other torch callables as given."""
    import torch

    if isinstance(fn, torch.nn.Module):
        import copy

        return copy.deepcopy(fn).double()
    return fn


def numeric_caller(fn: Callable, precision: str) -> Callable[[mpmath.mpf], mpmath.mpf]:
    if is_torch(fn):
        import torch  # only reached when the user passed a torch object

        fn = _float64_torch(fn)

        def call(t):
            with torch.no_grad():
                out = fn(torch.tensor([float(t)], dtype=torch.float64))
            return mpmath.mpf(float(out.reshape(-1)[0]))

        return call
    if precision == "mpmath":
        return fn

    as_float = float_caller(fn)
    return lambda t: mpmath.mpf(as_float(float(t)))


def float_caller(fn: Callable) -> Callable[[float], float]:
    """x ↦ float(fn(x)) for a float64 callable, or an ActivationError when fn's value is not a number."""

    def call_float(x: float) -> float:
        out = fn(x)
        try:
            return float(out)
        except (TypeError, ValueError):
            raise ActivationError(f"callable returned {out!r} for z = {x}; expected a real number") from None

    return call_float


def torch_slope(fn: Callable | None) -> Callable[[mpmath.mpf], mpmath.mpf] | None:
    if fn is None or not is_torch(fn):
        return None
    import torch

    fn = _float64_torch(fn)

    def slope(t):
        x = torch.tensor([float(t)], dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(fn(x).sum(), x)
        value = float(grad[0])
        if math.isnan(value):
            raise ActivationError(f"autograd gave NaN for the derivative at z = {float(t)}")
        return mpmath.mpf(value)

    return slope


#: Where :func:`repeat_mismatch` calls a callable twice.
_REPEAT_POINTS = ("-1.5", "-0.25", "0.5", "2")


def repeat_mismatch(value: Callable[[mpmath.mpf], mpmath.mpf]) -> str | None:
    """Why σ is not a function of z, when two calls at the same z disagree (a callable with state,
    ``c[0] += 1; tanh(z) + (c[0] % 2)/10**3``: every sample then measures its noise, and a
    quadrature refining on it never meets its tolerance, R9b-9); None when they agree everywhere
    tried (or σ is undefined there). Values are compared exactly: a function returns the same."""
    for text in _REPEAT_POINTS:
        z = mpmath.mpf(text)
        try:
            first, second = value(z), value(z)
        except Exception:  # noqa: BLE001 - undefined there: nothing to compare
            continue
        if first != second and not (first != first and second != second):  # NaN twice is the same NaN
            return (f"the callable is not a function of z: sigma({text}) = {mpmath.nstr(first, 15)}, then "
                    f"{mpmath.nstr(second, 15)} on a repeated call")
    return None
