"""Regression tests of session 12's kernel fixes: CRootOf enclosures (tau0 of a degree-5 equation), a sound zero
test for expressions in z (R11a-1), certified fails for a removable point discontinuity (R11a-4), and claim
strings of huge rationals (red team 11a notes). Truths are derived here, never copied from the package."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory import kernel
from vgtheory.core.activations import Z


def _walk(obj, found):
    """Every dict with a name and a verdict inside a to_dict() tree."""
    if isinstance(obj, dict):
        if "name" in obj and "verdict" in obj:
            found.append(obj)
        for v in obj.values():
            _walk(v, found)
    elif isinstance(obj, list):
        for v in obj:
            _walk(v, found)
    return found


@pytest.mark.parametrize("point", ["1/2", "1"])
def test_removable_glitch_in_unit_interval_gives_fails_not_internal_error(point: str) -> None:
    # sigma(p) = 5 while tanh(p) < 1 elsewhere near p: sigma is discontinuous at p in [0, 1], so "sigma C^4 on
    # [0, 1]" (Theorem 2's onset) cannot hold; R11a-4 lost the whole theorems section to a TypeError, and the point
    # z = 1 to a ZeroDivisionError (gradient 0 at the glitch).
    assert mpmath.tanh(mpmath.mpf(sp.Rational(point))) < 1 < 5
    r = vgtheory.check(f"Piecewise((tanh(z), z < {point}), (5, z <= {point}), (tanh(z), True))", signal=False)
    assert "theorems" not in r.unavailable
    checks = _walk(r.theorems.to_dict(), [])
    smooth = [c for c in checks if str(c["name"]).startswith("sigma C^")]
    assert all(c["verdict"] != "holds" for c in smooth)
    assert all(c["verdict"] != "holds" for c in checks if str(c["name"]).startswith("(H)"))
