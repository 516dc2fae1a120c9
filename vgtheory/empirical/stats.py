"""Intervals, tests and power over seeds: paired t, BCa bootstrap, Holm's step-down correction.

Numpy and scipy only.  Every function takes per-seed values (one number per seed, or per pair of
networks sharing a seed) and states its null hypothesis.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Callable, Optional, Sequence

import numpy as np

LEVEL = 0.95
ALPHA = 0.05


@dataclass(frozen=True)
class Interval:
    """Estimate, two-sided confidence interval of level ``level`` and the p-value of its test.

    ``kind`` is ``"t"`` (Student t over seeds) or ``"bca"`` (bias-corrected and accelerated
    bootstrap); ``p`` is the two-sided p-value of ``estimate == null`` (None for the bootstrap).
    """

    estimate: float
    low: float
    high: float
    kind: str
    level: float
    p: Optional[float]

    def to_dict(self) -> dict:
        return asdict(self)


def _values(x: Sequence[float], least: int = 2) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1 or len(a) < least or not np.all(np.isfinite(a)):
        raise ValueError(f"need a 1-d sample of at least {least} finite values, got shape {a.shape}")
    return a


def t_interval(x: Sequence[float], null: float = 0.0, level: float = LEVEL) -> Interval:
    """Mean of ``x`` with the Student-t interval mean ± t_{n-1} sd/sqrt(n); p of mean = null.

    For paired comparisons pass the per-seed differences (the paired t-test).  A sample with zero
    spread gives a zero-width interval and p = 0 or 1 (exact: every seed agrees).
    """
    from scipy import stats

    a = _values(x)
    n, m, sd = len(a), float(a.mean()), float(a.std(ddof=1))
    if sd == 0.0:
        return Interval(m, m, m, "t", level, 1.0 if m == null else 0.0)
    se = sd / math.sqrt(n)
    q = float(stats.t.ppf(0.5 + level / 2.0, n - 1))
    p = float(2.0 * stats.t.sf(abs(m - null) / se, n - 1))
    return Interval(m, m - q * se, m + q * se, "t", level, p)


def welch_interval(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Interval:
    """mean(a) - mean(b) with Welch's unequal-variance t interval and p of a zero difference."""
    from scipy import stats

    a, b = _values(a), _values(b)
    res = stats.ttest_ind(a, b, equal_var=False)
    ci = res.confidence_interval(level)
    est = float(a.mean() - b.mean())
    if not np.isfinite(ci.low):  # both samples constant
        return Interval(est, est, est, "t", level, 1.0 if est == 0 else 0.0)
    return Interval(est, float(ci.low), float(ci.high), "t", level, float(res.pvalue))


def bca_interval(statistic: Callable[..., float], samples: Sequence[Sequence[float]], *,
                 paired: bool = True, level: float = LEVEL, n_resamples: int = 9999,
                 seed: int = 0) -> Interval:
    """``statistic(*samples)`` with scipy's BCa bootstrap interval (seeds resampled together when
    ``paired``).  No p-value: use it for statistics without a t-test (ratios of means, ...)."""
    from scipy import stats

    arrays = [_values(s, least=3) for s in samples]
    est = float(statistic(*arrays))
    if all(np.ptp(a) == 0 for a in arrays):
        return Interval(est, est, est, "bca", level, None)
    res = stats.bootstrap(arrays, lambda *a, axis=-1: statistic(*a, axis=axis), paired=paired,
                          vectorized=True, confidence_level=level, n_resamples=n_resamples,
                          method="BCa", rng=np.random.default_rng(seed))
    ci = res.confidence_interval
    return Interval(est, float(ci.low), float(ci.high), "bca", level, None)


def holm(pvalues: Sequence[Optional[float]]) -> list[Optional[float]]:
    """Holm's step-down adjusted p-values (None entries are not part of the family).

    With m tests sorted p_(1) <= ... <= p_(m): adj_(i) = max_{j<=i} min(1, (m - j + 1) p_(j)).
    Rejecting where adj < alpha controls the family-wise error rate at alpha.
    """
    idx = [i for i, p in enumerate(pvalues) if p is not None]
    m = len(idx)
    out: list[Optional[float]] = [None] * len(pvalues)
    running = 0.0
    for rank, i in enumerate(sorted(idx, key=lambda k: pvalues[k])):
        running = max(running, min(1.0, (m - rank) * float(pvalues[i])))
        out[i] = running
    return out


def paired_t_power(effect: float, sd: float, n: int, alpha: float = ALPHA) -> float:
    """Power of the two-sided paired t-test at level ``alpha`` with ``n`` pairs when the per-seed
    differences have mean ``effect`` and standard deviation ``sd`` (noncentral t)."""
    from scipy import stats

    if n < 2:
        return 0.0
    if sd <= 0:
        return 1.0 if effect != 0 else alpha
    df, nc = n - 1, abs(effect) / sd * math.sqrt(n)
    q = float(stats.t.ppf(1.0 - alpha / 2.0, df))
    power = float(stats.nct.sf(q, df, nc) + stats.nct.cdf(-q, df, nc))
    if not math.isfinite(power):  # scipy's nct fails far in the tail, where the power is ~1
        power = float(stats.norm.sf(q - nc) + stats.norm.cdf(-q - nc))
    return min(power, 1.0)


def seeds_for_power(effect: float, sd: float, power: float = 0.8, alpha: float = ALPHA,
                    n_max: int = 10000) -> Optional[int]:
    """Smallest number of seeds whose paired t-test reaches ``power`` (None above ``n_max``)."""
    if effect == 0:
        return None
    hi = 2
    while paired_t_power(effect, sd, hi, alpha) < power:  # power grows with n: double, then bisect
        if hi >= n_max:
            return None
        hi = min(2 * hi, n_max)
    lo = hi // 2 if hi > 2 else 1  # power(lo) < target, or lo = 1 (no test)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if paired_t_power(effect, sd, mid, alpha) >= power else (mid, hi)
    return hi


def one_sided_t_p(x: Sequence[float], threshold: float, direction: str) -> float:
    """p-value of the one-sided t-test of H0: mean(x) <= threshold (``direction="greater"``) or
    H0: mean(x) >= threshold (``"less"``).  Zero spread: 0 if every value is beyond, else 1."""
    from scipy import stats

    if direction not in ("greater", "less"):
        raise ValueError(f"direction must be 'greater' or 'less', got {direction!r}")
    a = _values(x)
    n, m, sd = len(a), float(a.mean()), float(a.std(ddof=1))
    sign = 1.0 if direction == "greater" else -1.0
    if sd == 0.0:
        return 0.0 if sign * (m - threshold) > 0 else 1.0
    return float(stats.t.sf(sign * (m - threshold) / (sd / math.sqrt(n)), n - 1))


def tost_p(x: Sequence[float], margin: float) -> float:
    """p-value of the two one-sided t-tests (TOST) for equivalence |mean(x)| < ``margin``:
    the larger of the p-values of mean <= -margin and of mean >= margin."""
    from scipy import stats

    a = _values(x)
    n, m, sd = len(a), float(a.mean()), float(a.std(ddof=1))
    if sd == 0.0:
        return 0.0 if abs(m) < margin else 1.0
    se = sd / math.sqrt(n)
    return float(max(stats.t.sf((m + margin) / se, n - 1), stats.t.cdf((m - margin) / se, n - 1)))


def normality_p(x: Sequence[float]) -> Optional[float]:
    """Shapiro-Wilk p-value of ``x`` (None below 3 values or with zero spread)."""
    from scipy import stats

    a = _values(x)
    if len(a) < 3 or float(np.ptp(a)) == 0.0:
        return None
    return float(stats.shapiro(a).pvalue)


def wilcoxon_p(x: Sequence[float], threshold: float, direction: str) -> Optional[float]:
    """One-sided Wilcoxon signed-rank p of H0: x - threshold symmetric about <= 0 (``greater``)
    or >= 0 (``less``); None when every value equals the threshold."""
    from scipy import stats

    if direction not in ("greater", "less"):
        raise ValueError(f"direction must be 'greater' or 'less', got {direction!r}")
    d = _values(x) - threshold
    if not np.any(d != 0):
        return None
    return float(stats.wilcoxon(d, alternative=direction, zero_method="wilcox").pvalue)


def welch_one_sided_p(a: Sequence[float], b: Sequence[float], threshold: float, direction: str) -> float:
    """One-sided Welch p of H0: mean(a) - mean(b) <= threshold (``greater``) or >= threshold
    (``less``); constant samples: 0 if the difference is beyond the threshold, else 1."""
    from scipy import stats

    a, b = _values(a), _values(b)
    if np.ptp(a) == 0 and np.ptp(b) == 0:
        d = float(a.mean() - b.mean()) - threshold
        return 0.0 if (d > 0 if direction == "greater" else d < 0) else 1.0
    return float(stats.ttest_ind(a - threshold, b, equal_var=False, alternative=direction).pvalue)
