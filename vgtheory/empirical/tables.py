"""Markdown renderings of the claims, power and runtime tables (formatting only)."""

from __future__ import annotations

from typing import Optional, Sequence

from vgtheory.empirical.analysis import MIN_SEEDS, Claim


def _fmt(x: Optional[float]) -> str:
    return "" if x is None else f"{x:.4g}"


def _margin(c: Claim) -> str:
    if c.margin is None:
        return ""
    sign = {"greater": "> ", "less": "< ", "within": "|.| < "}.get(c.direction, "")
    return sign + _fmt(c.margin)


def _p_holm(c: Claim) -> str:
    """The Holm-adjusted p behind the verdict: a refuted claim's is the other side's."""
    if c.verdict == "refuted" and c.p_refute_holm is not None:
        return f"{_fmt(c.p_refute_holm)} (other side)"
    return _fmt(c.p_holm)


def claims_markdown(claims: Sequence[Claim]) -> str:
    """The claims table as Markdown, with the rules that produced the verdicts."""
    lines = ["| id | claim | predicted (source) | statistic | seeds | step (epoch) | margin | estimate | "
             "95% CI | p (Holm) | verdict |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for c in claims:
        ci = "" if c.ci is None else f"[{_fmt(c.ci[0])}, {_fmt(c.ci[1])}] ({c.interval})"
        extra = []
        if c.p_wilcoxon is not None:
            extra.append(f"not normal (Shapiro p {c.normality_p:.2g}): t p {c.p_t:.2g}, "
                         f"Wilcoxon p {c.p_wilcoxon:.2g}, the larger used")
        if c.note:
            extra.append(c.note)
        stat = c.statistic + (f" ({'; '.join(extra)})" if extra else "")
        when = "" if c.step is None else f"{c.step} ({c.epoch})"
        pred = ("" if not c.prediction else
                f"{c.prediction['quantity']}: {_fmt(c.prediction['value'])} (`{c.prediction['source']}`)")
        verdict = f"**{c.verdict}**" + (": no variation" if c.note and "no variation" in c.note else "")
        cid = f"{c.id} (primary)" if c.primary else c.id
        lines.append(f"| {cid} | {c.claim} | {pred} | {stat} | {c.n_seeds} | {when} | {_margin(c)} | "
                     f"{_fmt(c.estimate)} | {ci} | {_p_holm(c)} | {verdict} |")
    families = sorted({c.regime for c in claims if c.p is not None})
    lines += ["", f"Verdicts: Holm-adjusted one-sided p < 0.05, Holm per regime ({', '.join(families)}; "
              "a repeated test counted once), from at least "
              f"{MIN_SEEDS} seeds; fewer seeds are `exploratory`. A directional claim is confirmed "
              "when its effect is significantly beyond the margin (its smallest effect of interest; "
              "one-sided, not doubled), refuted when significantly on the other side of no effect "
              "(its own Holm family); significant but below the margin: inconclusive. Where the "
              "per-seed values fail a Shapiro-Wilk check (p < 0.05) the Wilcoxon signed-rank p is "
              "shown beside the t p and the larger decides. All differences 0 or SD 0: "
              "`not assessed: no variation`. Accuracy claims: a seed below 0.12 test accuracy is "
              "stuck at chance; the verdict uses all seeds, the note gives the result without "
              "stuck pairs. Intervals: Student t over seeds on the per-seed statistic (ratios on the "
              "log scale)."]
    return "\n".join(lines) + "\n"


def power_markdown(rows: Sequence[dict]) -> str:
    """Seeds needed for 80% power per claim."""
    lines = ["| id | seeds | effect | seed SD | scale | alpha | power now | seeds for 80% | "
             "seeds to run | status |", "| --- " * 10 + "|"]
    for r in rows:
        need = "> 10000" if r["seeds_needed"] is None else str(r["seeds_needed"])
        run = "-" if r["seeds_to_run"] is None else str(r["seeds_to_run"])
        lines.append(f"| {r['id']} | {r['n_seeds']} | {r['effect']:.3g} | {r['sd']:.3g} | {r['scale']} | "
                     f"{r['alpha']:.3g} | {r['power_now']:.2f} | {need} | {run} | {r['status']} |")
    lines += ["", "Paired t-test, two-sided (conservative for the one-sided tests), at alpha = 0.05 / (claims in the family) (Holm's first "
              "step), taking the observed effect and seed-to-seed SD as the truth; 'effect' is measured "
              "from the claim's margin where the estimate is on the claimed side (confirming must "
              "pass the margin), else from no effect; 'seeds to run' is "
              "at least 10, below which no verdict is given."]
    return "\n".join(lines) + "\n"


def runtime_markdown(rows: Sequence[dict]) -> str:
    """The runtime table as Markdown."""
    lines = ["| regime | setting | seeds | epoch time (s) | per network (s) | device |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['regime']} | {r['setting']} | {r['seeds']} | "
                     f"{r['epoch_time_s']:.3g} ± {r['epoch_time_sd_s']:.2g} | "
                     f"{r['per_network_epoch_time_s']:.3g} | {r['device_name']} |")
    return "\n".join(lines) + "\n"


def summary_markdown(rows: Sequence) -> str:
    """The per-setting summary (:class:`~.summary.SettingSummary` rows) as Markdown."""
    lines = ["| regime | setting | seeds | steps | test acc. start | epoch 1 (± SD) | last epoch (± SD) | "
             "train acc. last | grad norm epoch 1 | last | saturated start | last |",
             "| --- " * 12 + "|"]
    for r in rows:
        lines.append(f"| {r.regime} | {r.setting} | {r.n_seeds} | {r.steps} | {r.test_acc_initial:.3f} | "
                     f"{r.test_acc_epoch1:.3f} ± {r.test_acc_epoch1_sd:.3f} | "
                     f"{r.test_acc_final:.3f} ± {r.test_acc_final_sd:.3f} | {r.train_acc_final:.3f} | "
                     f"{r.grad_norm_epoch1:.3g} | {r.grad_norm_final:.3g} | {r.saturated_initial:.3f} | "
                     f"{r.saturated_final:.3f} |")
    lines.append("\nAccuracies: mean over seeds (SD over seeds); gradient norms of the objective: "
                 "geometric mean over seeds of the epoch mean; saturated: share of units, mean over "
                 "seeds and activation layers.  Descriptive; the tests are in claims.md.")
    return "\n".join(lines) + "\n"


def profile_text(profile) -> str:
    """A :class:`~.profile.Profile` as plain text: per setting, one line per layer."""
    out = [f"profile of regime {profile.regime!r}: {len(profile.seeds)} seeds, "
           f"{profile.steps} training steps, probe batch {profile.batch_size} images, data {profile.data}"]
    for name, s in profile.settings.items():
        r, lo, hi = s.first_last_ratio
        out.append(f"\n{name}: data-loss gradient norm per layer (mean, 95% t-interval over seeds); "
                   f"saturated share of units; this layer's norm over the next layer's, measured "
                   f"(geometric mean over seeds) and predicted by mean-field theory")
        sat = dict(zip(s.activation_layers, s.saturated))
        n = len(s.layers)
        measured = s.measured_ratio or (None,) * n
        predicted = s.predicted_ratio or (None,) * n
        for layer, m, (a, b), rm, rp in zip(s.layers, s.grad_norm_mean, s.grad_norm_ci,
                                             measured, predicted):
            share = f"{sat[layer]:.3f}" if layer in sat else "-"
            ratio = "" if rm is None else f"  ratio {rm:.3g} (mean-field {_opt(rp)})"
            out.append(f"  {layer:<8} {m:10.4g}  [{a:.4g}, {b:.4g}]  saturated {share}{ratio}")
        mu = (("; mu = fan_in * mean(w) per weight layer: "
               + " ".join(f"{v:.3g}" for v in s.weight_mean_fan_in))
              if s.weight_mean_fan_in and any(abs(v) > 0.05 for v in s.weight_mean_fan_in) else "")
        out.append(f"  conv1 / last hidden layer: {r:.3g} [{lo:.3g}, {hi:.3g}]; ||w|| {s.weight_norm:.4g}, "
                   f"penalty share lambda||w||/||grad|| at lambda={s.lam:g}: {s.penalty_share(s.lam):.3g}"
                   + mu)
        if s.prediction and "error" in s.prediction:
            out.append(f"  no prediction: {s.prediction['error']}")
        elif s.prediction:
            out.append("  " + prediction_line(s.prediction)
                       + f"; measured/predicted per-layer ratios agree within a factor "
                         f"{_opt(s.ratio_agreement)} (geometric mean over layers)")
    return "\n".join(out) + "\n"


def prediction_line(p: dict) -> str:
    """The theory's prediction for a setting (a :class:`~.predictions.SettingPrediction` dict)."""
    init = p.get("init") or {}
    law = (f"i.i.d. {init.get('init')} {init.get('init_scale'):g}" if init.get("iid")
           else f"{init.get('init')} sigma_w {_opt(p.get('sigma_w'))}, sigma_b {_opt(p.get('sigma_b'))}"
                + (f", mu {init.get('weight_mean'):g}" if init.get("weight_mean") else ""))
    text = (f"predicted ({law}, s {p.get('scale'):g}): q* {_opt(p.get('q_star_scaled'))}, "
            f"chi1 {_opt(p.get('chi1'))} (sigma) / {_opt(p.get('chi1_scaled'))} (sigma_s), "
            f"{p.get('phase')}, saturated {_opt(p.get('saturated_share'))}, "
            f"conv1/last {_opt(p.get('first_last_ratio'))}")
    chain = p.get("chain")
    if chain:
        text += (f"; chain: z* {_opt(chain.get('z_star'))}, rho {_opt(chain.get('rho'))}, "
                 f"Theorem 1 bound {_opt(chain.get('theorem1_bound'))}")
    return text


def _opt(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.3g}"


def calibration_markdown(rows: Sequence) -> str:
    """The calibration sweep (rows of :class:`~.calibration.CalibrationRow`) as Markdown."""
    lams = list(rows[0].penalty_share) if rows else []
    lines = ["| regime | init | scale | s | conv1 grad | last hidden grad | conv1/last (95% CI) | "
             "vanishing | saturated | " + " | ".join(f"L2 share at {l}" for l in lams) + " |",
             "| --- " * (9 + len(lams)) + "|"]
    for r in rows:
        shares = " | ".join(f"{r.penalty_share[l]:.3g}" for l in lams)
        lines.append(f"| {r.regime} | {r.init} | {r.init_scale:g} | {r.scale:g} | {r.conv1_grad:.3g} | "
                     f"{r.last_hidden_grad:.3g} | {r.ratio:.3g} [{r.ratio_ci[0]:.3g}, {r.ratio_ci[1]:.3g}] | "
                     f"{'yes' if r.vanishing else 'no'} | {r.saturated:.3f} | {shares} |")
    return "\n".join(lines) + "\n"
