"""Python and PyTorch callables as activations: signature, name, precision and evaluation.

A callable that keeps mpmath precision (a lambda built from arithmetic) is evaluated at the working
precision; anything else (math functions, numpy, torch modules) in float64, and a torch module's
σ' comes from autograd.
"""

from __future__ import annotations

import math
import copy
import sys
from typing import Any, Callable

import mpmath

from vgtheory.core.float_slope import SLOPE_STEP, finer_slope, float_report, float_sides
from vgtheory.core.serial import calling_user_code
from vgtheory.errors import ActivationError, NotRealError

__all__ = ["check_signature", "check_elementwise", "callable_name", "is_torch", "callable_precision", "numeric_caller", "float_caller", "torch_slope", "autograd_gap", "autograd_agrees",
           "repeat_mismatch", "mp_slope", "float_report", "float_sides",
           "finer_slope", "SLOPE_STEP"]


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


def check_elementwise(fn: Callable) -> None:
    """Refuse a torch module that does not act element by element (GLU halves its input, Softmin normalises over
    it): the theory's σ maps each pre-activation alone, and such a module evaluated one point at a time is another
    function (Softmin of one number is 1), or fails inside numpy (R37b-3)."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(fn, torch.nn.Module):
        return
    x = torch.linspace(-3, 3, 8, dtype=torch.float64)
    try:
        # a copy in float64: the user's module keeps its own dtype
        module = copy.deepcopy(fn).double() if any(True for _ in fn.parameters()) else fn
        with torch.no_grad():
            whole = module(x.clone())
            # entry by entry: tanh(x - x.min()) agreed with itself on a prefix holding the minimum (R38b-3)
            alone = [module(x[i:i + 1].clone()) for i in range(len(x))]
        same = whole.shape == x.shape and all(a.shape == (1,) for a in alone) and torch.allclose(
            whole, torch.cat(alone), rtol=1e-12, atol=0, equal_nan=True)  # NaN where undefined: said at evaluation (R47b-3)
    except Exception as exc:  # noqa: BLE001 - any failure on a plain vector: not an activation
        raise ActivationError(f"the torch module {type(fn).__name__} cannot be evaluated on a vector of "
                              f"pre-activations ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None
    if not same:
        raise ActivationError(f"the torch module {type(fn).__name__} does not act element by element (its output on "
                              "a vector is not its output on each entry): it is no activation sigma: R -> R")


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


#: Where :func:`callable_precision` checks that a callable keeps mpmath precision: both signs, from
#: near 0 to saturation. A callable may switch to float arithmetic anywhere (``mpmath.tanh(z) if
#: |z| < 1.5 else math.tanh(...)``, R10b-2), so two points were not enough.
_PROBES = tuple(s * mpmath.mpf(v) for v in ("0.001", "0.1", "0.7", "1.3", "2.5", "6", "15", "40") for s in (1, -1))
#: Factor to the second point tried where the slope at a probe is not confirmed (irrational-looking).
_SECOND = 1 + mpmath.mpf(1) / 7
#: Target digits of the probe (the chain checks its own points at the digits it needs).
_PROBE_DIGITS = 30
#: A probe point whose slope needs more working digits is skipped: σ is saturated there (erf(4·40)'s
#: slope needs 11,200 digits, a minute of mpmath's erf), and the nearer probes see any float part.
_PROBE_MAX_DPS = 600


def callable_precision(fn: Callable) -> str:
    """'mpmath' if fn keeps mpmath precision (e.g. a lambda built from arithmetic), else 'float64'.

    Returning an mpf is not enough (``math.sin(t)/t`` does, with 16 good digits): at every probe
    point, σ' from steps far below float64's resolution must agree with σ' from coarse steps
    (:func:`mp_slope`) to more digits than asked: a float part, even 1e-5 sin(float(z)) (R10b-3),
    or a callable that rounds its input (R10b-1) fails that. Points where fn raises are skipped.
    """
    if is_torch(fn):
        return "float64"
    tried = 0
    with mpmath.workdps(_PROBE_DIGITS + 10), calling_user_code():
        for t0 in _PROBES:
            try:
                out = fn(t0)
            except Exception:  # noqa: BLE001 - undefined there: another point decides
                continue
            if isinstance(out, mpmath.mpc):
                continue
            if not isinstance(out, mpmath.mpf):
                return "float64"
            try:
                # A second point before the verdict: a pole 1e-7 from t0 defeats the coarse difference
                # of a callable that does keep its digits (1/(z - 0.7 - 1.4e-7)); a float part is
                # seen at every point.
                if not (mp_slope(fn, t0, _PROBE_DIGITS, max_dps=_PROBE_MAX_DPS)[1]
                        or mp_slope(fn, t0 * _SECOND, _PROBE_DIGITS, max_dps=_PROBE_MAX_DPS)[1]):
                    return "float64"
            except Exception:  # noqa: BLE001 - fails near t0 only, or saturated there: the chain's own check decides
                continue
            tried += 1
    return "mpmath" if tried else "float64"


def _real(v: Any) -> mpmath.mpf:
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > abs(v.real) * mpmath.ldexp(1, 8 - mpmath.mp.prec):
            raise ValueError(f"not real: {v}")
        v = v.real
    return mpmath.mpf(v)


#: Digits of working precision beyond which :func:`mp_slope` gives up (the callable is then not
#: shown to keep mpmath precision there).
_MAX_SLOPE_DPS = 20000


def _flat(fn: Callable, t: mpmath.mpf, step: mpmath.mpf, dps: int) -> mpmath.mpf | None:
    """fn(t ± step) at ``dps`` digits where the two are equal (a constant piece?), else None. Equal
    values at the working precision were not enough: tanh(150 ± step) is 1 to 130 digits, and its
    slope 2e-130 was reported as 0 with all digits confirmed."""
    with mpmath.workdps(dps):
        a = _real(fn(t + step))
        return a if a == _real(fn(t - step)) else None


class SlopeUnresolved(ArithmeticError):
    """σ'(t) needs more working digits than the caller allowed (a saturated σ: erf(160) at 11,200 digits
    takes a minute in mpmath)."""


def mp_slope(fn: Callable, t: mpmath.mpf, digits: int, check: bool = True, sides: list | None = None,
             max_dps: int | None = None) -> tuple[mpmath.mpf, bool]:
    """σ'(t) of a callable that should keep mpmath precision, to about ``digits`` significant digits,
    and (with ``check``) whether that is confirmed.

    mpmath.diff took its step below what the callable resolves (``with workdps(60): tanh(+z)``
    rounds t ± h back to t) and gave σ' = 0 (R10b-1); a float part is flat under such steps, so
    its slope was missed whatever the precision (R10b-2/3). Here a central difference with a step
    of 10^-(digits/2 + 3), evaluated at twice the digits (more where σ' is small against σ: a
    saturated σ), is compared with a five-point difference with a step of 10^-(digits/4 + 3),
    which sees a float part's slope: they agree to ``digits`` digits only where fn resolves its
    value to more than ``digits`` + digits/2 digits near t and is smooth there. Where only the
    one-sided differences at the small step part (a kink at t, within 10^-(digits/2 + 3) of it),
    they are appended to ``sides`` as (σ'(t−), σ'(t+)). With ``max_dps``, a slope that needs more
    working digits than that (σ saturated: no step moves it at those digits) raises
    :class:`SlopeUnresolved` instead of coming back unconfirmed."""
    t = mpmath.mpf(t) if not isinstance(t, mpmath.mpf) else t
    mag = max(0, int(mpmath.mag(t) * 0.302) + 1) if t else 0
    # Steps relative to |t| below 1: absolute ones straddled the kink of max(z/100, z) at 0 from
    # t = 1e-300, and both differences agreed on the average of its slopes, "confirmed".
    unit = min(mpmath.mpf(1), abs(t)) if t else mpmath.mpf(1)
    small = mpmath.ldexp(unit, -int((digits / 2 + 3) * 3.33))
    big = mpmath.ldexp(unit, -int((digits / 4 + 3) * 3.33))
    q = max(2 * digits, mpmath.mp.dps) + 10 + mag
    limit = max_dps or _MAX_SLOPE_DPS
    capped, base, flat = True, q, None
    for _ in range(8):
        with mpmath.workdps(q):
            a, b = _real(fn(t + small)), _real(fn(t - small))
            fine, level = (a - b) / (2 * small), (a + b) / 2
        # |σ|/|σ'| digits more, so that the difference of two values of a saturated σ keeps its
        # digits; twice the digits where the difference resolves nothing yet (0).
        need = (base + int(mpmath.log10(abs(level / fine)) + 2) if level else q) if fine else 2 * q
        if not fine and flat is None:
            top = limit if check else min(4 * q, limit)
            # Values that differ at 4q already show there is no constant piece; equal ones are taken to
            # `top` only once q is near it (erf(40 +- step) at 20,000 digits took 35 s, 1,300 do).
            value = _flat(fn, t, big, min(4 * q, top))
            if value is None:
                flat = False
            elif 4 * q >= top:
                # Equal at `top` digits: a 0 is a constant piece (relu below 0; mpmath does not underflow), a
                # σ(t) apart a symmetry about t (|z| at 0) the check below judges. A nonzero level σ(t) equals
                # too resolves nothing: tanh(1e5 ± step) is 1 to 86,859 digits, and its slope 5e-86859 was an
                # exact 0 with 30 digits (R15b-10); unconfirmed (a clipped hardtanh above 1 looks the same).
                with mpmath.workdps(top):
                    if not (flat := not value or _real(fn(t)) != value):
                        if max_dps:
                            raise SlopeUnresolved(f"sigma'({mpmath.nstr(t, 8)}) needs more than {limit} digits")
                        break
        if not fine and flat:
            need = q  # a constant piece: no precision resolves a slope there
        if need <= q:
            capped = False
            break
        if need > limit:
            # Steps of 10^-(digits/4) that do move σ while the small ones never do are a float part,
            # not saturation: that stays an unconfirmed slope.
            if max_dps and flat is not False:
                raise SlopeUnresolved(f"sigma'({mpmath.nstr(t, 8)}) needs more than {limit} digits")
            break
        q = need
    if not check or capped:
        return +fine, not capped
    with mpmath.workdps(q):
        c, d = (_real(fn(t + k * big)) for k in (1, 2))
        e, f = (_real(fn(t - k * big)) for k in (1, 2))
        coarse = (f - 8 * e + 8 * c - d) / (12 * big)
        ok = fine == coarse or abs(fine - coarse) <= abs(coarse) * mpmath.mpf(10) ** (3 - digits)
        # Symmetric differences both give the mean of the slopes at a kink within their steps; the
        # one-sided ones (exact for quadratics) differ there by the jump.
        y0 = _real(fn(t))
        right, left = (4 * c - d - 3 * y0) / (2 * big), (3 * y0 - 4 * e + f) / (2 * big)
        wide = right == left or abs(right - left) <= abs(coarse) * mpmath.mpf(10) ** (-digits / 3)
        # The same at the small step, whose rounding and truncation lie far below the digits asked:
        # a kink whose slopes part at the 25th digit passed the coarse test, and the chain claimed
        # 30 digits of a derivative that does not exist (R14b-2). Parting there too: a kink at t.
        a2, b2 = _real(fn(t + 2 * small)), _real(fn(t - 2 * small))
        right, left = (4 * a - a2 - 3 * y0) / (2 * small), (3 * y0 - 4 * b + b2) / (2 * small)
        narrow = right == left or abs(right - left) <= abs(coarse) * mpmath.mpf(10) ** -digits
        if ok and not narrow and sides is not None:
            sides.append((+left, +right))
        ok = ok and wide and narrow
    return +coarse, ok


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
        # numpy's complex128 too: its float() drops the imaginary part, with a warning. A complex type is refused
        # even with imaginary part 0, as Python's complex and mpmath's mpc are (tests/test_heldout_s8.py).
        if isinstance(out, complex):
            raise NotRealError(f"callable returned {out!r} for z = {x}: a complex number, not a real one")
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


def autograd_gap(g: Callable[[float], float], autograd: Callable[[mpmath.mpf], mpmath.mpf],
                 u: float) -> tuple[float, float, float] | None:
    """(a, d, e) at u: a a torch module's autograd slope, d the difference estimate of σ' from the module's values g
    (:func:`~vgtheory.core.float_slope.float_report`) and e its error; None where d has no error bound (a kink of σ
    within the steps at u: no slope there to compare)."""
    d, rel, _ = float_report(g, mpmath.mpf(u))
    if not math.isfinite(rel):
        return None
    return float(autograd(mpmath.mpf(u))), float(d), rel * abs(float(d))


def autograd_agrees(g: Callable[[float], float], autograd: Callable[[mpmath.mpf], mpmath.mpf]) -> bool:
    """Whether a torch module's autograd slope agrees with the difference estimate of its values within three times
    that estimate's error (:func:`autograd_gap`) at seven points in [-4.3, 4.3]: a backward formula with a float32
    constant (Hardsigmoid's 1/6: 3e-8 off) is off at every point where it is not 0."""
    for u in (-4.3, -1.9, -0.77, -0.21, 0.37, 1.3, 3.1):
        try:
            seen = autograd_gap(g, autograd, u)
        except Exception:  # noqa: BLE001 - undefined there (NaN, a domain): no evidence either way
            continue
        if seen is not None and seen[1] and abs(seen[0] - seen[1]) > 3 * seen[2] + 2.0**-49 * abs(seen[1]):
            return False
    return True


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
