"""Stacked training equals per-seed training; gradient records; data order."""

from __future__ import annotations

import dataclasses

import torch

from vgtheory.empirical.ensemble import PlainTrainer, StackedEnsemble
from vgtheory.empirical.regimes import build_regime
from vgtheory.empirical.tensordata import epoch_order

from .builders import shrink


def _spec(regime="combined", setting=1, **over):
    r = shrink(build_regime(regime, {"width": 3, **over}))
    return r.settings[setting]


def test_stacked_ensemble_matches_training_each_seed_alone(tiny_data):
    setting = _spec()  # tanh + L2 + scaled: exercises penalty and scaling
    seeds = [11, 4, 7]
    ens = StackedEnsemble(setting.model, seeds, setting.lam, 1e-3, "cpu")
    ens_losses = [ens.train_epoch(tiny_data, e, 16)["train_loss"] for e in (1, 2)]
    for i, seed in enumerate(seeds):
        alone = PlainTrainer(setting.model, seed, setting.lam, 1e-3, "cpu")
        losses = [alone.train_epoch(tiny_data, e, 16) for e in (1, 2)]
        for e in range(2):
            assert abs(losses[e] - ens_losses[e][i]) < 1e-5
        ref = dict(alone.model.named_parameters())
        for name, p in ens.seed_parameters(i).items():
            torch.testing.assert_close(p, ref[name].detach(), rtol=1e-4, atol=1e-5)


def test_a_seed_does_not_depend_on_its_companions(tiny_data):
    setting = _spec("many", 1)
    a = StackedEnsemble(setting.model, [5, 9], setting.lam, 1e-3, "cpu")
    b = StackedEnsemble(setting.model, [2, 5], setting.lam, 1e-3, "cpu")
    ra, rb = a.train_epoch(tiny_data, 1, 32), b.train_epoch(tiny_data, 1, 32)
    assert abs(ra["train_loss"][0] - rb["train_loss"][1]) < 1e-5
    assert abs(ra["grad_norm"][0] - rb["grad_norm"][1]) < 1e-4 * ra["grad_norm"][0]


def test_recorded_gradient_norms_are_the_per_seed_gradients(tiny_data):
    setting = _spec("large", 1)  # L2 penalty: objective and data-loss gradients differ
    seeds = [0, 1]
    ens = StackedEnsemble(setting.model, seeds, setting.lam, 1e-3, "cpu")
    x, y = tiny_data.train_x[:16], tiny_data.train_y[:16]
    ens._reset_accumulators()
    ens.train_step(torch.stack([x, x]), torch.stack([y, y]))
    for i, seed in enumerate(seeds):
        model = PlainTrainer(setting.model, seed, setting.lam, 1e-3, "cpu").model
        ce = torch.nn.functional.cross_entropy(model(x), y)
        weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
        pen = 0.5 * setting.lam * sum((w * w).sum() for w in weights)
        g_obj = torch.autograd.grad(ce + pen, list(model.parameters()), retain_graph=True)
        g_data = torch.autograd.grad(ce, list(model.parameters()))
        norm = lambda gs: float(torch.sqrt(sum((g * g).sum() for g in gs)))
        assert abs(float(ens._acc["grad_norm"][i]) - norm(g_obj)) < 1e-4 * norm(g_obj)
        assert abs(float(ens._acc["data_grad_norm"][i]) - norm(g_data)) < 1e-4 * norm(g_data)
        assert norm(g_obj) != norm(g_data)


def test_data_order_depends_only_on_seed_and_epoch():
    a = epoch_order(1000, 3, 2)
    assert torch.equal(a, epoch_order(1000, 3, 2))
    assert sorted(a.tolist()) == list(range(1000))
    assert not torch.equal(a, epoch_order(1000, 3, 3))
    assert not torch.equal(a, epoch_order(1000, 4, 2))


def test_evaluation_reports_per_seed_saturation(tiny_data):
    setting = dataclasses.replace(_spec("large", 0))
    ens = StackedEnsemble(setting.model, [0, 1, 2], 0.0, 1e-3, "cpu")
    ev = ens.evaluate(tiny_data.test_x, tiny_data.test_y, 20)
    assert ev["saturation"].shape == (3, 7)
    assert ((ev["saturation"] >= 0) & (ev["saturation"] <= 1)).all()
    assert ((ev["acc"] >= 0) & (ev["acc"] <= 1)).all()
