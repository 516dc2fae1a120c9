"""Shared test settings: hypothesis profiles sized for a 2-core CI machine."""

from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=12,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile("dev", max_examples=40, deadline=timedelta(seconds=60))
settings.load_profile("ci")
