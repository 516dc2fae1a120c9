"""R14b-6: check's signal summary integrates sigma's float64 form; where that form cancels (tanh z +
(tanh z - tanh(z - 10^-15))·10^14 is off by 1e-3 in float64), the critical search found no root and the
summary said "none". It now says the float64 quadrature is not trusted there and names the mpmath route."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.meanfield.signal_section import signal_summary

CANCELLING = "tanh(x) + (tanh(x) - tanh(x - 10**-15))*10**14"


def _critical_truth() -> tuple[mpmath.mpf, mpmath.mpf]:
    # sigma = tanh z + sech^2(z)/10 up to 1e-15 relative: sigma_b = 0, the critical q solves q = V(q)/D(q)
    # with V = E[sigma(u)^2], D = E[sigma'(u)^2], u ~ N(0, q), and sigma_w = 1/sqrt(D(q)).
    with mpmath.workdps(20):
        s = lambda u: mpmath.tanh(u) + mpmath.sech(u) ** 2 / 10  # noqa: E731
        ds = lambda u: mpmath.sech(u) ** 2 * (1 - mpmath.tanh(u) / 5)  # noqa: E731

        def E(h, q):
            return mpmath.quad(lambda z: h(mpmath.sqrt(q) * z) ** 2 * mpmath.npdf(z), [-mpmath.inf, 0, mpmath.inf])

        q = mpmath.findroot(lambda q: q - E(s, q) / E(ds, q), mpmath.mpf("0.26"))
        return q, 1 / mpmath.sqrt(E(ds, q))


def test_a_cancelling_float64_form_is_not_read_as_no_critical_point() -> None:
    summary = signal_summary(CANCELLING)
    lines = summary.lines()
    assert summary.critical is None and summary.at_init is None
    assert "none" not in lines[0] and "not computed" in lines[0] and "--critical" in lines[0]
    assert "float64" in summary.to_dict()["critical_reason"]


@pytest.mark.slow
def test_the_same_sigma_written_stably_has_its_critical_point() -> None:
    q, w = _critical_truth()
    crit = signal_summary("tanh(x) + sech(x)**2/10").critical
    assert crit is not None
    assert abs(crit.sigma_w - w) < 1e-8 and abs(crit.q_star - q) < 1e-7
