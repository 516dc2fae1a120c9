"""Python and PyTorch callables as activations: signature, name, precision and evaluation.

A callable that keeps mpmath precision (a lambda built from arithmetic) is evaluated at the working
precision; anything else (math functions, numpy, torch modules) in float64, and a torch module's
σ' comes from autograd.
"""

from __future__ import annotations

import math
import sys
from typing import Any, Callable

import mpmath

from vgtheory.core.serial import calling_user_code
from vgtheory.errors import ActivationError, NotRealError

__all__ = ["check_signature", "callable_name", "is_torch", "callable_precision", "numeric_caller", "float_caller", "torch_slope",
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


_EPS = 2.0**-52
#: Steps (times max(1, |z|)) of the difference quotients of :func:`float_report`: not powers of two
#: (nor their ratios), so that the points are not on a float32 grid and no two steps see the same
#: rounding pattern (a float32 tanh gave 9/128 exactly at two dyadic steps, a false agreement).
_STEPS = tuple(2.0 ** -k * 1.3183098861837907 * 1.1 ** (k % 3) for k in (12, 15, 18, 21, 24, 27))
#: Smaller steps, where the differences at :data:`_STEPS` disagree between left and right.
_FINE_STEPS = tuple(2.0 ** -k * 1.3183098861837907 * 1.1 ** (k % 3) for k in (30, 33, 36, 39, 42))


def _rms4(g: Callable[[float], float], f: float, h: float, scale: float, own_rounding: bool = False) -> float:
    """Relative rms of g's fourth differences at 9 points h apart on either side of f (the smaller
    side, so that a kink on one side is not taken for noise); with ``own_rounding``, noise within 16
    ulps of the values themselves counts as none."""
    sides = []
    for side in (-1.0, 1.0):
        ys = [g(f + side * i * h) for i in range(9)]
        d4 = [ys[i] - 4 * ys[i + 1] + 6 * ys[i + 2] - 4 * ys[i + 3] + ys[i + 4] for i in range(5)]
        rms = math.sqrt(sum(v * v for v in d4) / 5 / 70)
        if own_rounding and rms <= 16 * _EPS * max(abs(y) for y in ys):
            rms = 0.0
        sides.append(rms / scale if scale else (math.inf if rms else 0.0))
    return min(sides)


def _noise(g: Callable[[float], float], f: float) -> float:
    """The relative noise of g's values next to f (0 at f = 0: nothing to be relative to), from its
    fourth differences at 9 points h apart on either side (the smaller of the two, so that a kink on
    one side is not taken for noise): a smooth function's are ~ h^4 times its fourth derivative,
    while rounding noise of size e gives ~ 8e. It sees what 2^-52 did not: cancellation inside the
    callable (tanh by exponentials at 1e-10, R10b-5) or float32 arithmetic in it (R10b-6).

    h is 2^-18 |f|, and where |f| is small also 16, 256, ... times that (from 2^-104 on), up to 2^-40: an error of g
    that is absolute (exp(z) = 1 + z resolves z to 2^-53), not relative to f, is a staircase whose
    steps are wider than 2^-18 |f| below |f| ~ 1e-12, so that all 9 values there were equal and read
    as no noise (R11b-4). Past |f|/16 the values grow beyond g(f): there only noise above their own
    rounding (16 ulps) counts, and it counts in full against g(f) (0 there while g is not 0 nearby:
    no digit of it is known)."""
    scale = abs(g(f))
    if not f:
        return 0.0
    h, worst = _STEPS[2] * abs(f), 0.0
    while True:
        worst = max(worst, _rms4(g, f, h, scale, 16 * h > abs(f)))
        # A staircase of absolute error e shows at h from a few e/|g'| up to e/(2^7 2^-52 |g'|), but
        # not at every such h (one exactly 38 quanta of exp(z) wide rounds linearly): 16-fold steps.
        h = max(16 * h, _STEPS[2] * 2.0**-86)
        if h > 2.0**-40:
            return worst


def _best(seq: list[float], steps: list[float], level: float, finer: bool = False) -> tuple[float, float]:
    """The value of the pair of neighbouring steps that agree best, and its error: the gap, twice,
    and the noise ``level`` (absolute) over the smaller step. With ``finer`` (steps down to near
    float64's resolution), also how far each smaller step is off beyond its own noise: two coarse
    steps agree on the average of an oscillation that the smaller ones resolve (R12b-2)."""
    def err(i: int) -> float:
        off = [abs(seq[k] - seq[i + 1]) - 2 * level / steps[k] for k in range(i + 2, len(seq))] if finer else []
        return 2 * abs(seq[i] - seq[i + 1]) + level / steps[i + 1] + max([0.0] + off)

    best, j = min((err(i), i) for i in range(len(seq) - 1))
    return seq[j + 1], best


def _one_sided(y0: float, ya: float, yb: float, a: float, b: float) -> float:
    """g'(f) from g at f, f + a and f + b (a, b of one sign), exact for quadratics."""
    return -(a + b) / (a * b) * y0 + b / (a * (b - a)) * ya - a / (b * (b - a)) * yb


def _differences(g: Callable[[float], float], f: float, y0: float, steps: tuple[float, ...], scale: float):
    """Central, left and right difference quotients of g at f, one of each per step (times
    ``scale``), the steps actually taken, and g and the offsets at ±1 and ±2 smallest steps."""
    central, left, right, used = [], [], [], []
    for step in steps:
        # The steps actually taken (f + h rounds): differences of floats this close are exact.
        xs = {k: f + k * step * scale for k in (-2, -1, 1, 2)}
        ys = {k: g(x) for k, x in xs.items()}
        hs = {k: x - f for k, x in xs.items()}
        central.append((ys[1] - ys[-1]) / (hs[1] - hs[-1]))
        right.append(_one_sided(y0, ys[1], ys[2], hs[1], hs[2]))
        left.append(_one_sided(y0, ys[-1], ys[-2], hs[-1], hs[-2]))
        used.append(step * scale)
    return central, left, right, used, ys, hs


def _resolution(g: Callable[[float], float], f: float, y0: float, d: float) -> float:
    """The smallest change of g's values next to f, over 17 points half an ulp of g(f) apart at
    slope d: an ulp of g(f) for a float64 function, 2^29 of them for float32 arithmetic inside g (a staircase
    whose flat treads gave difference quotients 0 at small steps: R10b-6); inf where all 17 agree."""
    delta = max(math.ulp(y0) / abs(d) / 2 if d else _CHECK_STEPS[-1] * max(1.0, abs(f)) / 8, math.ulp(f))
    ys = [g(f + i * delta) for i in range(-8, 9)]
    gaps = [abs(b - a) for a, b in zip(ys, ys[1:]) if a != b]
    return min(gaps) if gaps else math.inf


#: Steps of :func:`_fine_check`: down to ~2^-45 |f|, where an ulp of g is still ~1e-3 of g's
#: change over the step (for g' ~ g).
_CHECK_STEPS = _FINE_STEPS + (2.0 ** -45 * 1.3183098861837907,)


def _fine_check(g: Callable[[float], float], f: float, y0: float, d: float, d_err: float,
                scale: float) -> tuple[float, float]:
    """(d, d_err) when central differences at steps down to near float64's resolution agree with
    them within their rounding; else the best-agreeing three of those steps and their spread.

    The steps of :data:`_STEPS` average away what varies faster than 2^-27 |f|: tanh(z) +
    1e-12 sin(1e10 z), whose float64 values resolve its slope sech^2 + 0.01 cos(1e10 z), was given
    sech^2 with 6 digits claimed (R12b-1). The rounding level here is g's own at the smallest step
    (fourth differences), not :func:`_noise`'s, which reads such an oscillation as noise."""
    central, _, _, used, _, _ = _differences(g, f, y0, _CHECK_STEPS, scale)
    noise = max(_rms4(g, f, used[-1], 1.0), _resolution(g, f, y0, d), _EPS * (abs(y0) + 9 * abs(d) * used[-1]))
    level = 2 * noise  # a difference of two values off by noise/2 each, over 2h: 4 times that
    if all(abs(c - d) <= 2 * d_err + level / h + 4 * _EPS * abs(d) for c, h in zip(central, used)):
        return d, d_err
    err, i = min((2 * (max(central[i:i + 3]) - min(central[i:i + 3])) + level / used[i + 2], i)
                 for i in range(len(central) - 2))
    return central[i + 2], err if err == err else math.inf  # NaN: undefined at a small step


def float_report(g: Callable[[float], float], t: mpmath.mpf,
                 autograd: Callable[[mpmath.mpf], mpmath.mpf] | None = None) -> tuple[mpmath.mpf, float, float]:
    """σ'(t) of a float64 callable g, its relative error and the relative error of σ(t) (at least 2^-52).

    One central difference with a fixed step straddled a kink 10^-6 away (R10b-7). Here central and
    one-sided differences at six steps each are taken, each kind's best agreeing pair kept. Where
    left and right slopes differ, a kink lies within the steps: five steps down to 2^-42 |f| look
    again (a kink 2^-27 from a float input t was straddled by them all, and their average claimed
    digits, R11b-3); where those still differ, the side of the kink that t lies on decides (t =
    0.99999999999999999 reads as float 1.0, the kink of hardtanh, where autograd says 0: R10b-8), or
    nothing. An autograd slope is kept where it agrees with that estimate."""
    f, scale = float(t), max(1.0, abs(float(t)))
    noise = max(_EPS, 4 * _noise(g, f))
    y0 = g(f)
    level = 4 * noise * max(abs(y0), 1e-300)
    for steps in (_STEPS, _FINE_STEPS):
        central, left, right, used, ys, hs = _differences(g, f, y0, steps, scale)
        (c, c_err), (lo, l_err), (hi, r_err) = (_best(seq, used, level) for seq in (central, left, right))
        if abs(lo - hi) <= 2 * (l_err + r_err):
            break
    if abs(lo - hi) <= 2 * (l_err + r_err):
        d, d_err = c, c_err
        if steps is _STEPS:
            d, d_err = _fine_check(g, f, y0, d, d_err, scale)
    else:
        # A kink within the smallest step of f: where it lies, from how far g(f) is off the
        # line of each side (extended from the nearest points); t's side of it decides, or nothing.
        off_left = y0 - (ys[-1] - lo * hs[-1])
        off_right = y0 - (ys[1] - hi * hs[1])
        kink = (off_right - off_left) / (hi - lo)
        spread = (8 * level + (l_err + r_err) * used[-1]) / abs(hi - lo) + 2 * math.ulp(f)
        offset = float(t - f)
        if offset > kink + spread:
            d, d_err = hi, r_err
        elif offset < kink - spread:
            d, d_err = lo, l_err
        else:
            d, d_err = c, math.inf
    err = d_err / abs(d) if d else math.inf
    if autograd is not None:
        a = float(autograd(t))
        if math.isfinite(d_err) and (a == d or (d and abs(a - d) <= 3 * d_err)):
            # σ' at float(t), not t: autograd's slope a few ulps away bounds what that costs (1e-8
            # of σ' where σ'' ~ 1e8: tanh + 1e-12 sin(1e10 z) claimed 12 digits with 8 right).
            spread = max(abs(float(autograd(mpmath.mpf(f + k * math.ulp(f)))) - a) for k in (-2, 2)) if f else 0.0
            d, err = a, max(4 * _EPS, 5 * noise, 2 * spread / abs(a) if a else 0.0)
    # σ at float(t), not t: its relative error grows with the condition |t σ'/σ| of σ. A subnormal value or slope
    # has fewer than 53 bits: 4.2e-322 is 85 ulps of 4.9e-324, good to 1e-2, not 1e-16 (R15b-3).
    value_err = max(noise + (abs(f * d / y0) * _EPS / 2 if y0 and math.isfinite(d) else 0.0), _subnormal(y0))
    return mpmath.mpf(d), max(err, 4 * _EPS, _subnormal(d)), value_err


def _subnormal(v: float) -> float:
    """The relative rounding of a float64 below the normal range (5e-324 / |v|), else 0."""
    v = abs(float(v))
    return 0.0 if v == 0 or v >= sys.float_info.min else 5e-324 / v


def float_sides(g: Callable[[float], float], f: float = 0.0) -> tuple[float, float, float, float]:
    """σ'(f⁻), its absolute error, σ'(f⁺) and its error, for a float64 callable g at a float f.

    Central differences average the slopes of a kink at f: tanh(z) for z >= 0 and tanh(z)/2 below
    gave D(0) = 0.75^2 where it is (1 + 1/4)/2 (R12b-3). Here one-sided differences at steps from
    2^-12 to 2^-45 (times max(1, |f|)), each side's best-agreeing pair of steps kept."""
    scale, y0 = max(1.0, abs(f)), g(f)
    noise = max(_EPS, 4 * _noise(g, f))
    out = []
    for side in (-1.0, 1.0):
        seq, level, used = [], 0.0, []
        for step in _STEPS + _CHECK_STEPS:
            a, b = f + side * step * scale, f + 2 * side * step * scale
            ya, yb = g(a), g(b)
            seq.append(_one_sided(y0, ya, yb, a - f, b - f))
            used.append(step * scale)
            level = max(level, 4 * noise * max(abs(y0), abs(ya), abs(yb)))
        out.extend(_best(seq, used, level, finer=True))
    return out[0], out[1], out[2], out[3]


#: The step (times max(1, |z|)) of the central difference that gives a float64 callable's σ' to
#: the signal section's quadratures (:meth:`vgtheory.core.activations.Activation.slope`).
SLOPE_STEP = 2.0**-17


def finer_slope(g: Callable[[float], float], f: float) -> tuple[bool, float]:
    """Whether g'(f) from steps down to near float64's resolution differs, beyond rounding, from the
    central difference at :data:`SLOPE_STEP` (g varies on a finer scale there: 1e-12 sin(1e10 z)
    shifts σ'^2 by 1e-4 on average, which that difference never sees: R12b-2), and the error of
    that difference's square there: its truncation, h^2/6 times the third derivative, is 4/3 of its
    change from h to h/2 (rounding included) and is not in the quadratures' own estimate (chi1 of
    math.tanh came out 4e-11 off with 2.6e-11 stated)."""
    scale, y0 = max(1.0, abs(f)), g(f)
    c1, c2 = ((g(f + h * scale) - g(f - h * scale)) / (2 * h * scale) for h in (SLOPE_STEP, SLOPE_STEP / 2))
    err = 2 * abs(c1 - c2) + 8 * _EPS * max(abs(y0), 1e-300) / (SLOPE_STEP * scale)
    bias = 4 * abs(c1 - c2) / 3
    return _fine_check(g, f, y0, c1, err, scale) != (c1, err), 2 * abs(c1) * bias + bias**2
