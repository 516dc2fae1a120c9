"""Theorem 2 at aw = 1: the exponent −p/(p−1) is a theorem, the constant of the old "~" formula is not
(issue 16, item 2); under (H) with aw > 1, ρ < 1 always (item 5).

The exact values come from two independent computations: the package's mpmath ``gradient`` and
the product form ∂f/∂w_1 = x ∏_{k=1}^{l} (1 − z_k²) for tanh, w = 1 (tanh' = 1 − tanh²).
"""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.chain import gradient
from vgtheory.theorems.hypotheses import hypothesis_H
from vgtheory.properties.four import check_properties
from vgtheory.theorems.theorem2 import theorem2

DPS = 30
DEPTHS = (1000, 2000, 4000, 8000)


def _tanh_products(x: int, depths: tuple[int, ...]) -> dict[int, mpmath.mpf]:
    """∂f/∂w_1 for tanh, w = 1, at every depth in ``depths``, by the product form."""
    out = {}
    with mpmath.workdps(DPS):
        z = p = mpmath.mpf(x)
        for k in range(1, max(depths) + 1):
            z = mpmath.tanh(z)
            p *= 1 - z * z
            if k in depths:
                out[k] = p
    return out


@pytest.mark.parametrize("x", [1, 3])
def test_exponent_holds_and_the_old_constant_does_not(x: int) -> None:
    depths = (500,) + DEPTHS
    exact = _tanh_products(x, depths)
    with mpmath.workdps(DPS):
        # The package's gradient agrees with the product form (one depth: the cost is linear in it).
        package = gradient("tanh", [1] * DEPTHS[0], x, 0, dps=DPS).df_dw[0]
        assert abs(package / exact[DEPTHS[0]] - 1) < mpmath.mpf(10) ** -20
        xm = mpmath.mpf(x)
        old = {l: xm * (1 + 2 * l * xm**2 / 3) ** mpmath.mpf(-1.5) for l in DEPTHS}
        ratios = [exact[l] / old[l] for l in DEPTHS]
        # exact/old converges (the steps shrink) ...
        steps = [abs(b - a) for a, b in zip(ratios, ratios[1:])]
        assert all(b < a for a, b in zip(steps, steps[1:])) and steps[-1] < 1e-3
        # ... to a limit that is not 1: "df/dw_1 ~ old formula" is false (limit 0.8933 at x = 1, 0.2418 at x = 3).
        assert abs(ratios[-1] - 1) > (0.05 if x == 1 else 0.5)
        # The exponent: successive log-log slopes approach -p/(p-1) = -3/2.
        slopes = [mpmath.log(exact[2 * l] / exact[l]) / mpmath.log(2) for l in (500,) + DEPTHS[:-1]]
        gaps = [abs(s + mpmath.mpf(3) / 2) for s in slopes]
        assert all(b < a for a, b in zip(gaps, gaps[1:])) and gaps[-1] < 1e-3
        # So C(x) = lim l^(3/2) df/dw_1 exists: l^(3/2) df/dw_1 settles.
        c = [exact[l] * mpmath.mpf(l) ** 1.5 for l in DEPTHS]
        assert abs(c[-1] / c[-2] - 1) < 1e-3


def test_theorem2_states_the_exponent_not_the_constant() -> None:
    r = theorem2("tanh", w=1, x=3, depth=100, dps=DPS)
    assert r.regime == "aw=1" and r.p == 3
    statements = [c.statement for c in r.claims]
    assert not any("df/dw_1 ~" in s for s in statements)
    expo = next(c for c in r.claims if c.statement.startswith("df/dw_1 = C(x)*l^(-3/2)"))
    # (H), aw = 1 and the onset (tanh is C^4 on [0, 1], tanh''(0) = 0, beta = 1/3) are sympy results.
    assert r.onset is not None and r.onset.proved
    assert expo.status == "proved" and expo.verdict == "holds"
    assert "heuristic" in r.prediction_kind and "x/s -> 0" in r.prediction_kind
    threshold = next(c for c in r.claims if c.statement.startswith("scaling with s"))
    assert "like sqrt(l)" in threshold.statement


@pytest.mark.slow
def test_exponent_of_a_callable_is_numeric_at_most() -> None:
    """A callable has no series: nothing about the exponent is proved or even stated as proved."""
    r = theorem2(lambda z: mpmath.tanh(z), w=1, x=1, depth=50, dps=DPS)
    assert all(c.status != "proved" or "l^(" not in c.statement for c in r.claims)


# -- item 5: rho < 1 under (H) with aw > 1 ------------------------------------------------------


@pytest.mark.parametrize("name", ["tanh", "softsign"])
def test_rho_is_below_one_under_H(name: str) -> None:
    props = check_properties(name)
    H = hypothesis_H(__import__("vgtheory.core.activations", fromlist=["activation"]).activation(name), props)
    assert H.verdict == "holds"
    for w in ("1.01", "1.5", "3", "40"):
        r = theorem2(name, w=w, x=1, depth=3, dps=DPS, props=props)
        assert r.regime == "aw>1"
        assert 0 < r.rho < 1
        fixed = next(c for c in r.claims if "unique positive fixed point" in c.statement)
        assert fixed.statement.endswith("< 1") and fixed.verdict == "holds"
