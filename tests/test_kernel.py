"""The trusted kernel: certificates, exact comparison, Gruntz limits, and the planted defects of
issue 16 whose truth is known by construction (asserted in both directions: the defect is never
``holds (symbolic)``, its smooth twin is still decided)."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import Z, activation
from vgtheory.theorems.hypotheses import check_concave
from vgtheory.properties.four import check_linear_at_origin, check_properties, check_vanishing_derivative
from vgtheory.properties.smoothness import check_c1, check_continuous
from vgtheory.properties.verdicts import PropertyResult



def run(fn):
    """A fresh 30 s budget per kernel step (a module-level Deadline would start counting at import)."""
    return kernel.Deadline(30).run(fn)
TINY = [sp.Rational(1, 10**40), sp.Rational(1, 10**100), sp.Rational(1, 2**300)]


def test_only_the_kernel_makes_certificates():
    with pytest.raises(TypeError):
        kernel.Certificate("anything", "because")
    with pytest.raises(TypeError):
        PropertyResult("bounded", "holds", "symbolic")  # no certificate: refused
    with pytest.raises(TypeError):
        kernel.conclude("claim", [], "no premises")


@pytest.mark.parametrize("eps", TINY)
def test_tiny_differences_are_differences(eps):
    c = kernel.compare(1 + eps, 1, run)
    assert c is not None and c.value == 1 and kernel.is_certificate(c.certificate)
    assert kernel.compare(1, 1 + eps, run).value == -1


def test_equal_only_by_the_zero_test():
    assert kernel.compare(sp.log(4), 2 * sp.log(2), run).value == 0
    assert kernel.compare(sp.sqrt(8), 2 * sp.sqrt(2), run).value == 0
    # exp(2^-300) - 1 exceeds 2^-300 by about 2^-601: an enclosure at 1024 bits separates them.
    u = sp.Rational(1, 2**300)
    assert kernel.compare(sp.exp(u) - 1, u, run).value == 1


def test_limits_are_gruntz_on_the_trusted_class():
    assert kernel.limit(sp.tanh(Z), "+oo").value == 1
    assert kernel.limit(sp.sin(Z), "+oo") is None  # no eventual sign: outside the class
    assert not kernel.in_trusted_class((-Z) ** sp.Rational(1, 3), "+oo")  # f**g with f < 0 near +oo
    assert kernel.in_trusted_class((-Z) ** Z, "-oo")  # -z > 0 near -oo
    assert kernel.limit(Z * sp.sin(Z) ** 2 / (1 + Z**2), "+oo").value == 0  # squeeze


# -- issue 16 witnesses: planted tiny defects, both directions ----------------------------------


def test_tiny_one_sided_slope_is_not_linear_at_origin():
    bad = check_linear_at_origin("tanh(x) + tanh(Max(x, 0))/10**40", timeout=60)
    assert not (bad.verdict == "holds" and bad.method == "symbolic")
    assert bad.verdict == "fails"  # the slopes 1 + 1e-40 and 1 differ, and the kernel proves it
    assert check_properties("tanh(x) + tanh(Max(x, 0))/10**40", timeout=60).sigmoid_type is not True
    twin = check_linear_at_origin("tanh(x) + tanh(x)/10**40")
    assert (twin.verdict, twin.method) == ("holds", "symbolic") and twin.value == 1 + sp.Rational(1, 10**40)


@pytest.mark.parametrize("eps", TINY)
def test_tiny_kinks_and_jumps_are_not_c1(eps):
    kink = check_c1(sp.tanh(Z) + eps * sp.Max(Z - 1, 0))
    jump = check_c1(sp.tanh(Z) + eps * sp.Heaviside(Z - 1))
    for r in (kink, jump):
        assert not (r.verdict == "holds" and r.method == "symbolic"), r
    assert check_continuous(sp.tanh(Z) + eps * sp.Heaviside(Z - 1)).verdict != "holds"
    twin = check_c1(sp.tanh(Z) + eps * Z)
    assert (twin.verdict, twin.method) == ("holds", "symbolic")


@pytest.mark.parametrize("eps", TINY)
def test_tiny_convex_kink_is_not_concave(eps):
    bad = check_concave(activation(sp.tanh(Z) + eps * sp.Max(Z - 1, 0)))
    assert not (bad.verdict == "holds" and bad.method == "symbolic"), bad
    twin = check_concave(activation(sp.tanh(Z) - eps * sp.Max(Z - 1, 0)))  # a concave kink
    assert twin.verdict == "holds"


@pytest.mark.slow
def test_theorem2_claims_on_a_tiny_kink_are_not_proved():
    from vgtheory.theorems.theorem2 import theorem2

    # A bounded convex kink of size 1e-40 at 1/2: (H) and "sigma C^1 near 0" are false.
    r = theorem2(sp.tanh(Z) + sp.Rational(1, 10**40) * (sp.Abs(Z - sp.Rational(1, 2)) - sp.Rational(1, 2)) * sp.exp(-Z**2), w=2, x=1, depth=3)
    assert not r.hypothesis_H.proved
    for c in r.claims:
        if c.status == "proved":
            assert "for every sigma" in c.detail and kernel.is_certificate(c.certificate)


# -- item 7: completeness -----------------------------------------------------------------------


def test_dominated_oscillation_has_a_vanishing_derivative():
    r = check_vanishing_derivative("tanh(x) + cos(x)/(2+x**2)", timeout=60)
    assert (r.verdict, r.method) == ("holds", "symbolic") and kernel.is_certificate(r.certificate)
    # and the undominated one is not proved
    bad = check_vanishing_derivative("tanh(x) + x*sin(x)**2/(1+x**2)")
    assert bad.verdict != "holds"


# -- precision guard ----------------------------------------------------------------------------


def test_precision_guard_sees_terms_below_working_precision():
    """exp(z/2^300) - 1 rounds to 0 at 30 and at 50 digits alike; the truth, z e^(-z^2) for the
    second term, is computed here at 1000 digits from the same formula."""
    act = activation("tanh(x) + 2**300*(exp(x/2**300) - 1)*exp(-x**2)")
    for t in ("1", "0.5", "3"):
        with mpmath.workdps(1000):
            u = mpmath.mpf(t)
            truth = mpmath.tanh(u) + 2**300 * (mpmath.exp(u / mpmath.mpf(2) ** 300) - 1) * mpmath.exp(-u * u)
            slope = mpmath.diff(lambda v: mpmath.tanh(v) + 2**300 * (mpmath.exp(v / mpmath.mpf(2) ** 300) - 1)
                                * mpmath.exp(-v * v), u)
        with mpmath.workdps(30):
            assert abs(act.value(mpmath.mpf(t)) - truth) <= abs(truth) * mpmath.mpf(10) ** -28
            assert abs(act.slope(mpmath.mpf(t)) - slope) <= abs(slope) * mpmath.mpf(10) ** -28


@pytest.mark.slow
def test_numeric_tail_reads_a_sustained_power_law_decay():
    from vgtheory.properties.numeric_properties import vanishing_numeric

    # z*sigma' ~ -sin(z)/z: |.| <= 1/|z|, a power law; truth: holds.
    good = vanishing_numeric(activation("tanh(x) + cos(x)/(2+x**2)"), 30, ("+oo", "-oo"), None)
    assert (good.verdict, good.method) == ("holds", "numeric")
    # z*sigma' ~ sin(z)/log(z^2): tends to 0 slower than any power; not read as a power law.
    slow = vanishing_numeric(activation("tanh(x) + x/(1+x**2)/log(2+x**2)*sin(x)"), 30, ("+oo", "-oo"), None)
    assert slow.verdict != "holds"
