"""Shared test settings: hypothesis profiles and the seed of the run; registry checks computed once.

Hypothesis explores: every run draws a fresh random seed, printed at the end of the run
("hypothesis seed: N"). To replay a failure, run again with that seed:

    VGTHEORY_HYPOTHESIS_SEED=N VGTHEORY_HYPOTHESIS_PROFILE=repro python -m pytest tests/test_x.py

(``--hypothesis-seed=N`` works too). Profiles (``VGTHEORY_HYPOTHESIS_PROFILE``):

- ``ci`` (default): random, example counts and deadlines sized for a 2-core machine; tests of cheap
  properties ask for more examples themselves (``strategies.CHEAP``).
- ``dev``: random, four times the examples, for a longer local hunt.
- ``repro``: only for reproducing a failure: the seed from ``VGTHEORY_HYPOTHESIS_SEED`` (0 if unset),
  no example database (nothing replayed from earlier runs), no deadline (a slower machine must not
  turn the failure into a different one).
"""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, core, settings

SEED_ENV = "VGTHEORY_HYPOTHESIS_SEED"
PROFILE_ENV = "VGTHEORY_HYPOTHESIS_PROFILE"

# too_slow: building sympy activations is slow by design; the deadline (60 s) catches a hang, not a
# slow machine (a single sympy step can take seconds under load).
_COMMON = dict(suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("ci", max_examples=12, deadline=timedelta(seconds=60), **_COMMON)
settings.register_profile("dev", max_examples=48, deadline=timedelta(seconds=120), **_COMMON)
settings.register_profile("repro", max_examples=12, deadline=None, database=None, **_COMMON)
settings.load_profile(os.environ.get(PROFILE_ENV, "ci"))


def _seed(config: pytest.Config) -> int | str:
    """The run's seed: --hypothesis-seed, else VGTHEORY_HYPOTHESIS_SEED, else a fresh random one.

    Exported to the environment so that pytest-xdist workers (started after this) share it."""
    given = config.getoption("--hypothesis-seed", None)
    if given is not None:
        return given
    if SEED_ENV not in os.environ:
        fixed = os.environ.get(PROFILE_ENV) == "repro"
        os.environ[SEED_ENV] = "0" if fixed else str(random.SystemRandom().randrange(2**32))
    return int(os.environ[SEED_ENV])


@pytest.hookimpl(trylast=True)  # after hypothesis' own plugin, which honours --hypothesis-seed
def pytest_configure(config: pytest.Config) -> None:
    seed = _seed(config)
    config.stash[_SEED_KEY] = seed
    core.global_force_seed = seed


_SEED_KEY = pytest.StashKey[object]()


def pytest_sessionstart(session: pytest.Session) -> None:
    # Also at the start (even under -q): a run stopped from outside, by CI's time limit, never prints its summary.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and "PYTEST_XDIST_WORKER" not in os.environ:
        seed = session.config.stash.get(_SEED_KEY, None)
        reporter.write_line(f"hypothesis seed: {seed} (profile {settings.get_current_profile_name()})")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    seed = config.stash.get(_SEED_KEY, None)
    profile = settings.get_current_profile_name()
    terminalreporter.write_line(
        f"hypothesis seed: {seed} (profile {profile}); reproduce with "
        f"{SEED_ENV}={seed} {PROFILE_ENV}=repro python -m pytest ..."
    )


# -- shared registry checks -------------------------------------------------------------------------------
# check_properties on a registry name is deterministic and several files ask for the same ones: each worker
# computes it once per session (a Properties result is a frozen dataclass; tests only read it).


@pytest.fixture(scope="session")
def registry_properties():
    """name -> check_properties(name), computed on first use and shared across the session."""
    from vgtheory.properties.four import check_properties

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = check_properties(name)
        return cache[name]

    return get


# -- CPU cost per test (for keeping the suite fast) ---------------------------------------------------------
# VGTHEORY_CPU_PROFILE=path: each worker appends "nodeid<TAB>cpu_s<TAB>wall_s" per test item (setup + call +
# teardown) to path.<worker>. CPU time (this process's, plus that of the child processes it waited for: the
# empirical tests run scripts) depends far less on the machine's load than wall time does, so the sum over all
# files estimates the suite's cost on a quiet machine.
CPU_PROFILE_ENV = "VGTHEORY_CPU_PROFILE"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    path = os.environ.get(CPU_PROFILE_ENV)
    if not path:
        yield
        return
    import time

    def cpu_now() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    cpu, wall = cpu_now(), time.perf_counter()
    yield
    cpu, wall = cpu_now() - cpu, time.perf_counter() - wall
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(f"{path}.{worker}", "a", encoding="utf-8") as out:
        out.write(f"{item.nodeid}\t{cpu:.3f}\t{wall:.3f}\n")


@pytest.fixture(autouse=True)
def _mpmath_precision():
    """A test leaves mpmath's precision as it found it: an oracle that set mp.dps = 60 and kept it made every later test
    in that worker compute at 60 digits (and its sympy steps ran out of their time budgets)."""
    import mpmath

    prec = mpmath.mp.prec
    yield
    mpmath.mp.prec = prec
