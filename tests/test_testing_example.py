"""vgtheory.testing: the copy-paste example in docs/testing.md runs, and each assertion fails
when it should."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings

torch = pytest.importorskip("torch")

import vgtheory.testing as vt  # noqa: E402
from vgtheory.init import init_  # noqa: E402
from vgtheory.properties.four import check_properties  # noqa: E402

DOC = Path(__file__).resolve().parents[1] / "docs" / "testing.md"


def example_tests() -> dict:
    (block,) = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    namespace: dict = {"__name__": "test_my_activation"}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    return {k: v for k, v in namespace.items() if k.startswith("test_")}


@pytest.mark.slow
def test_the_documented_example_passes() -> None:
    tests = example_tests()
    assert len(tests) == 4
    for test in tests.values():
        test()


def test_assert_matches_catches_a_wrong_value_and_a_wrong_gradient() -> None:
    with pytest.raises(AssertionError, match="atan"):
        vt.assert_matches(torch.nn.Tanh(), "atan(x)", examples=10)

    class WrongGradient(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return torch.tanh(x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * (1 - torch.tanh(x) ** 2) * 1.01  # 1% off

    with pytest.raises(AssertionError, match="autograd derivative"):
        vt.assert_matches(WrongGradient.apply, "tanh(x)", examples=10)


def test_assert_sigmoid_type_names_the_failing_property() -> None:
    with pytest.raises(AssertionError, match="linear_at_origin fails"):
        vt.assert_sigmoid_type("sigmoid")


def test_assert_init_preserves_signal_rejects_torchs_default_init() -> None:
    """PyTorch's Linear default is U(-1/sqrt(n), 1/sqrt(n)): sigma_w^2 = 1/3, far from tanh's 1.19^2."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(*[m for _ in range(8) for m in (torch.nn.Linear(128, 128), torch.nn.Tanh())])
    with pytest.raises(AssertionError, match="vgtheory recommends"):
        vt.assert_init_preserves_signal(model)
    init_(model, sigma_b=0.1)
    vt.assert_init_preserves_signal(model)


@settings(max_examples=4, deadline=None, derandomize=True)
@given(vt.activations("relu"))
def test_drawn_relu_types_are_not_sigmoid_type(act) -> None:
    assert check_properties(act.formula).sigmoid_type is act.sigmoid_type is False


@settings(max_examples=4, deadline=None, derandomize=True)
@given(vt.activations("slow_tail"), vt.weights(3))
def test_drawn_slow_tails_are_sigmoid_type(act, w) -> None:
    assert len(w) == 3
    assert check_properties(act.formula).sigmoid_type is act.sigmoid_type is True
