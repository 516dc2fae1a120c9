"""Pictures: the 2x2 figure, gradients below 1e-300, prefix products against chain.gradient."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.image
import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vgtheory.core.activations import activation
from vgtheory.core.chain import gradient
from vgtheory.cli.app import main as cli_main
from vgtheory.errors import VGTheoryError
from vgtheory.render.plotting import _tail_term, depth_profile, plot_activation

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tanh_w2_plot(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("plot") / "tanh.png"
    return plot_activation("tanh", path, depth_max=400, scales=(1, 10), w=2, x=1)


def test_png_is_valid_with_four_axes(tanh_w2_plot) -> None:
    assert tanh_w2_plot.path.read_bytes().startswith(PNG_SIGNATURE)
    height, width, _channels = matplotlib.image.imread(tanh_w2_plot.path).shape
    assert (width, height) == (1100, 800)
    assert len(tanh_w2_plot.figure.axes) == 4


def test_plotted_gradient_goes_below_1e_minus_300(tanh_w2_plot) -> None:
    ax = tanh_w2_plot.figure.axes[3]
    solid = [line for line in ax.lines if line.get_linestyle() == "-" and len(line.get_xdata())]
    plain = solid[0]  # s = 1 is drawn first
    depths, log10_values = list(plain.get_xdata()), list(plain.get_ydata())
    assert depths == list(range(1, 401))
    assert min(log10_values) < -300
    # df/dw_1 of tanh, w = 2, x = 1, l = 400, summed by hand: x sech^2(w x) prod_{k >= 2} w sech^2(w z_{k-1}).
    value = tanh_w2_plot.profiles[0].df_dw1[-1]
    with mpmath.workdps(40):
        z, exact = mpmath.mpf(1), mpmath.mpf(1)
        for k in range(400):
            exact *= (2 if k else 1) * mpmath.sech(2 * z) ** 2
            z = mpmath.tanh(2 * z)
        assert exact < mpmath.mpf("1e-300") and abs(value / exact - 1) < mpmath.mpf(10) ** -20
    assert log10_values[-1] == pytest.approx(float(mpmath.log10(value)))


def test_theorem2_prediction_is_overlaid_dashed(tanh_w2_plot) -> None:
    ax = tanh_w2_plot.figure.axes[3]
    dashed = [line for line in ax.lines if line.get_linestyle() == "--" and len(line.get_xdata())]
    assert len(dashed) == 2
    profile = tanh_w2_plot.profiles[0]
    assert profile.predicted is not None and "rho" in profile.prediction_kind
    # In the a·w > 1 regime with x ≥ z* the prediction is a proved upper bound.
    assert all(actual <= pred * (1 + mpmath.mpf(10) ** -10) for actual, pred in zip(profile.df_dw1, profile.predicted))


def test_tail_panel_resolves_cancelling_slopes() -> None:
    # 1 − tanh²(100) cancels to 0 at 30 digits; the true z σ'(z) is about 400 e^{-200}.
    with mpmath.workdps(30):
        value = _tail_term(activation("tanh"), 100.0)
        assert value == pytest.approx(float(400 * mpmath.exp(-200)), rel=1e-9)


SIGMOID_TYPE = st.sampled_from(["tanh", "arctan", "softsign", "erf", "algebraic"])


@given(
    name=SIGMOID_TYPE,
    w=st.sampled_from(["0.5", "1", "2", "3.5"]),
    x=st.sampled_from(["-1.5", "0.3", "1", "2"]),
    s=st.sampled_from([1, 3]),
    depth=st.integers(1, 25),
)
def test_prefix_products_equal_separate_gradient_calls(name, w, x, s, depth) -> None:
    profile = depth_profile(name, depth_max=25, s=s, w=w, x=x, dps=30, predict=False)
    act = activation(name) if s == 1 else activation(name).scaled(s)
    expected = gradient(act, [w] * depth, x, dps=30).df_dw[0]
    got = profile.df_dw1[depth - 1]
    assert abs(got - expected) <= mpmath.mpf(10) ** -25 * abs(expected)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"path": "out.txt"}, "saved as"),
        ({"scales": ()}, "scales"),
        ({"scales": (1, -2)}, "positive"),
        ({"depth_max": 0}, "depth_max"),
        ({"w": "abc"}, "w"),
    ],
)
def test_bad_input_is_one_vgtheory_error(tmp_path: Path, kwargs, message) -> None:
    path = tmp_path / kwargs.pop("path", "out.png")
    with pytest.raises(VGTheoryError, match=message):
        plot_activation("tanh", path, **kwargs)


def test_cli_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.png"
    assert cli_main(["plot", "softsign", "-o", str(out), "--depth-max", "30", "--scales", "1,5"]) == 0
    assert out.read_bytes().startswith(PNG_SIGNATURE) and str(out) in capsys.readouterr().out
    assert cli_main(["plot", "tanh", "-o", str(out), "--scales", "1,,2"]) == 2
    assert "--scales" in capsys.readouterr().err


def test_callable_activation_plots(tmp_path: Path) -> None:
    result = plot_activation(math.tanh, tmp_path / "c.png", depth_max=20, scales=(1,))
    assert len(result.figure.axes) == 4
    assert float(result.profiles[0].df_dw1[0]) == pytest.approx(1 - math.tanh(1) ** 2, rel=1e-6)
