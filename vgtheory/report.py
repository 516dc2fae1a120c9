"""``vgtheory.check``: everything the package can say about one activation, in one report.

>>> report = check("sigmoid")
>>> report.sigmoid_type
False
>>> print(report.findings[0])  # doctest: +ELLIPSIS
The paper counts the logistic sigmoid (its 'logsigmoid') as sigmoid-type, but it is not linear at the origin: sigma(0) = 1/2 ...
"""

from __future__ import annotations

import functools
import json
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, TypeVar

import sympy as sp

from vgtheory.core.activations import REGISTRY, Activation, Z, activation
from vgtheory.core import memo
from vgtheory.core.budget import CALLABLE_TIMEOUT_FACTOR, CallsOutOfTime, Deadline, call_clock, watch
from vgtheory.core.callables import repeat_mismatch
from vgtheory.errors import VGTheoryError
from vgtheory.core.input_limits import CHECK_DPS, check_int, check_seconds
from vgtheory.core.parsing import parse_formula
from vgtheory.properties.four import (
    DEFAULT_DPS, DEFAULT_TIMEOUT, Properties, PropertyResult, check_linear_at_origin, check_properties,
    check_real_valued
)
from vgtheory.progress import ProgressFn
from vgtheory.theorems.scaling import ScalingReport, scaling_report
from vgtheory.core.serial import serialized
from vgtheory.kernel.limits import continuous_everywhere

__all__ = ["CheckReport", "check", "PAPER_SIGMOID_TYPE"]

#: Activations the seed paper asserts to meet all four properties, with the paper's names.
PAPER_SIGMOID_TYPE = {"tanh": "tanh", "sigmoid": "logistic sigmoid (its 'logsigmoid')", "arctan": "arctan"}

_FAILED_AS = {
    "bounded": "bounded",
    "vanishing_derivative": "of rapidly vanishing derivative",
    "positive_limit": "of strictly positive limit",
    "linear_at_origin": "linear at the origin",
}


@dataclass(frozen=True, repr=False)
class CheckReport:
    """The four properties, the sigmoid-type verdict, the scaling trick and the theorems for σ.

    ``str(report)`` is a short summary; :meth:`full_text` adds every derivation and constant.
    """

    activation: str
    formula: str | None
    source: str
    precision: str
    real_valued: PropertyResult
    properties: Properties
    scaling: ScalingReport | None
    theorems: Any
    findings: tuple[str, ...]
    seconds: float
    #: The signal-propagation numbers (:class:`vgtheory.meanfield.signal_section.SignalSummary`), or None.
    signal: Any = None
    #: Sections that could not be computed, each with the reason (the others are kept).
    unavailable: Mapping[str, str] = field(default_factory=dict)
    #: The per-step time budget (s) when at least one symbolic step ran out of it, else None: some
    #: labels may then be weaker than more time would make them.
    timed_out: float | None = None

    @property
    def sigmoid_type(self) -> bool | None:
        """True if σ is real on ℝ and all four properties hold, False if one fails (or σ is not real on
        ℝ), None if undecided."""
        if self.real_valued.verdict == "fails":
            return False
        verdict = self.properties.sigmoid_type
        return None if verdict is True and self.real_valued.verdict != "holds" else verdict

    @serialized
    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "formula": self.formula,
            "source": self.source,
            "precision": self.precision,
            "real_valued": self.real_valued.to_dict(),
            "properties": self.properties.to_dict(),
            "sigmoid_type": self.sigmoid_type,
            "scaling": None if self.scaling is None else self.scaling.to_dict(),
            "theorems": None if self.theorems is None else self.theorems.to_dict(),
            "signal": None if self.signal is None else self.signal.to_dict(),
            "findings": list(self.findings),
            "unavailable": dict(self.unavailable),
            "seconds": round(self.seconds, 3),
            "timed_out": self.timed_out,
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **({"indent": 2} | kwargs))

    def signal_lines(self) -> list[str]:
        """The signal section's text lines (empty without the section)."""
        return [] if self.signal is None else list(self.signal.lines())

    def theorem_lines(self) -> list[str]:
        """Which theorems apply and what they predict for σ, a few lines (empty without the section)."""
        if self.theorems is None:
            return []
        summary = getattr(self.theorems, "summary_lines", None)
        return list(summary()) if callable(summary) else str(self.theorems).splitlines()

    def __str__(self) -> str:
        """The summary: properties, sigmoid type, scaling trick, theorems, findings (about 20 lines)."""
        return self._text(full=False)

    def full_text(self) -> str:
        """Everything: each property's witness, the scaling facts and the theorems with all constants."""
        return self._text(full=True)

    @serialized
    def _text(self, *, full: bool) -> str:
        lines = [self._title()]
        if self.precision != "mpmath":
            lines.append("  (a callable: verdicts are numeric evidence in float64, not proofs)")
        sigmoid_type = f"sigmoid-type: {self._sigmoid_type_text()}"
        # The summary leads with the verdict; the full text derives it from the properties first.
        lines.append("properties:" if full else sigmoid_type)
        if self.real_valued.verdict != "holds":
            lines.append(f"  {self.real_valued}" + (f": {self.real_valued.detail}" if full else ""))
        lines += [f"  {r}" for r in self.properties]
        if full:
            lines.append(sigmoid_type)
        lines += self._not_computed("properties")
        lines.append("scaling trick sigma_s(u) = s*sigma(u/s):")
        lines += self._not_computed("scaling", indent="  ")
        lines += [f"  {f}" if full else f"  {f.reading}  [{_scaling_label(f)}, {f.method}]" for f in self.scaling or ()]
        theorem_lines = [] if self.theorems is None else (
            str(self.theorems).splitlines() if full else self.theorem_lines()
        )
        if theorem_lines or "theorems" in self.unavailable:
            lines.append("theorems:")
            lines += self._not_computed("theorems", indent="  ")
            lines += [f"  {line}" for line in theorem_lines]
        if self.signal is not None or "signal" in self.unavailable:
            lines.append("signal propagation:")
            lines += self._not_computed("signal", indent="  ")
            lines += [f"  {line}" for line in self.signal_lines()]
        if self.findings or "findings" in self.unavailable:
            lines.append("findings:")
            lines += self._not_computed("findings", indent="  ")
            lines += [f"  - {f}" for f in self.findings]
        if self.timed_out is not None:
            # The weakened labels carry the note in their detail; the summary must say it too (R8-15).
            lines.append(f"time budget: a symbolic step ran out of its {self.timed_out:g} s, so some labels above "
                         "may be numeric or inconclusive where more time would prove them (rerun with a larger --timeout)")
        if not full:
            lines.append("(the full derivation with every constant: add --full; in Python, report.full_text())")
        return "\n".join(lines)

    def _not_computed(self, section: str, indent: str = "") -> list[str]:
        reason = self.unavailable.get(section)
        return [] if reason is None else [f"{indent}({section} could not be computed: {reason})"]

    def __repr__(self) -> str:
        verdicts = ", ".join(f"{r.name}={r.verdict}/{r.method}" for r in self.properties)
        theorems = ""
        if self.theorems is not None:
            theorems = (f", theorem1={_APPLIES[self.theorems.theorem1_applies]!r}, "
                        f"theorem2={_APPLIES[self.theorems.theorem2_applies]!r}")
        return f"<CheckReport {self.activation!r}: sigmoid_type={self.sigmoid_type}, {verdicts}{theorems}>"

    def _title(self) -> str:
        return f"activation: {self.activation}" + (f"   sigma(z) = {self.formula}" if self.formula else "")

    def _sigmoid_type_text(self) -> str:
        verdict = self.sigmoid_type
        if verdict is True:
            return "yes (all four properties hold)"
        failed = [r.name for r in self.properties if r.verdict == "fails"]
        if self.real_valued.verdict == "fails":
            failed.insert(0, "real_valued")
        if verdict is False:
            return f"no (fails: {', '.join(failed)})"
        return "undecided (not decided: " + ", ".join(r.name for r in self.properties if r.verdict == "inconclusive") + ")"

    def _latex_formula(self) -> str | None:
        if self.formula is None or self.precision != "mpmath":
            return None
        return sp.latex(parse_formula(self.formula))

    def _repr_markdown_(self) -> str:
        verdict = {True: "**yes**", False: "**no**", None: "undecided"}[self.sigmoid_type]
        rows = ["| property | verdict | method | witness |", "|---|---|---|---|"]
        for r in self.properties:
            how = r.method if r.precision is None else f"{r.method} ({r.precision})"
            wit = "; ".join(f"{k} = {v}" for k, v in r.witness.items()).replace("|", "\\|")
            rows.append(f"| {r.name} | {r.verdict} | {how} | {wit} |")
        tex = self._latex_formula()
        head = f"### `{self.activation}`" + (f": $\\sigma(z) = {tex}$" if tex else "")
        parts = [head, "", *rows, "", f"Sigmoid-type: {verdict}", ""]
        parts += [f"- scaling: {f.reading} ({f.verdict}, {f.method})" for f in self.scaling or ()]
        parts += [f"- {name} could not be computed: {reason}" for name, reason in self.unavailable.items()]
        # Indented theorem lines elaborate the line above them: nest them in the list.
        parts += [("  " if line.startswith(" ") else "") + f"- {line.strip()}" for line in self.theorem_lines()]
        parts += [f"- signal propagation: {line}" for line in self.signal_lines()]
        parts += [f"- finding: {f}" for f in self.findings]
        return "\n".join(parts)

    def _repr_latex_(self) -> str:
        """σ and the sigmoid-type verdict, then a table of the properties and theorems (MathJax-safe)."""
        tex = self._latex_formula()
        verdict = {True: "yes", False: "no", None: "undecided"}[self.sigmoid_type]
        head = (f"$\\sigma(z) = {tex}$" if tex else f"$\\text{{{_tex_text(self.activation)}}}$")
        rows = [r"\text{property} & \text{verdict} & \text{method} \\ \hline"]
        rows += [
            rf"\text{{{r.name.replace('_', ' ')}}} & \text{{{r.verdict}}} & \text{{{r.method}}} \\" for r in self.properties
        ]
        if self.theorems is not None:
            for k, applies in ((1, self.theorems.theorem1_applies), (2, self.theorems.theorem2_applies)):
                rows.append(rf"\text{{Theorem {k}}} & \text{{{_APPLIES[applies]}}} & \\")
        table = "$$\\begin{array}{lll}" + " ".join(rows) + r"\end{array}$$"
        # Findings are prose (they may hold z*sigma'(z), sigma(0) = 1/2): plain text in an HTML list.
        findings = "".join(f"\n- {_html_text(f)}" for f in self.findings)
        return f"{head}: sigmoid-type {verdict}\n{table}" + (f"\n\nfindings:{findings}" if findings else "")


#: How a theorem's "applies" verdict reads (its hypotheses hold / fail / are undecided for σ).
_APPLIES = {"holds": "applies", "fails": "does not apply", "inconclusive": "undecided"}


def _html_text(text: str) -> str:
    """``text`` outside math mode in a notebook: no '$' that MathJax would take for math."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("$", "&#36;")


def _tex_text(text: str) -> str:
    """``text`` safe inside \\text{...}: TeX's special characters dropped."""
    return "".join(ch for ch in text if ch not in "\\{}$^_%#&~")


@serialized
def check(
    f: Any,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    dps: int = DEFAULT_DPS,
    theorems: bool = True,
    signal: bool = True,
    progress: ProgressFn | None = None,
    full: bool = True,
) -> CheckReport:
    """Check an activation: the four properties, sigmoid type, the scaling trick, the theorems.

    ``f`` is a registry name, a formula string in x or z, a sympy expression, an
    :class:`~vgtheory.core.activations.Activation`, or a Python/PyTorch callable (numeric evidence
    only). ``timeout`` bounds each symbolic step (seconds, in (0, 600]); ``dps`` is the mpmath
    precision of numeric evidence (15 to 1000 digits). ``theorems`` and ``signal`` switch the
    theorems section and the signal-propagation lines (from :mod:`vgtheory.meanfield.propagation`, when present)
    on or off. ``progress(done, total, what)`` is told each stage done (see :mod:`vgtheory.progress`).
    ``full=False`` computes only what the summary (``str(report)``) shows: Theorem 2's worked points are
    left out where (H) fails (the CLI without ``--full`` or ``--json``).
    """
    start = time.perf_counter()
    dps = check_int(dps, "dps (decimal digits)", *CHECK_DPS)
    timeout = check_seconds(timeout, "timeout")
    sigma = activation(f)
    # The steps share the limits they prove (memo.scope), only within this call; watch() records
    # whether any step ran out of its time budget.
    with memo.scope(), watch() as clock:
        return _check(sigma, timeout, dps, theorems, signal, progress, start, clock, full)


def _check(sigma: Activation, timeout: float, dps: int, theorems: bool, signal: bool,
           progress: ProgressFn | None, start: float, clock: Any, full: bool) -> CheckReport:
    stages = 6 if theorems else 4

    def done(k: int, stage: str) -> None:
        if progress is not None:
            progress(k, stages, f"check {sigma.name}: {stage} done, step")

    unavailable: dict[str, str] = {}

    def section(name: str, compute: Callable[[], T], fallback: T) -> T:
        """compute(), or ``fallback`` with the reason kept in ``unavailable``: one section's
        failure (an undefined σ' in a quadrature, a sympy internal error) must not take the
        others with it."""
        try:
            return compute()
        except (Exception, RecursionError, CallsOutOfTime) as exc:  # noqa: BLE001 - reported, not hidden
            unavailable[name] = _reason(exc)
            return fallback

    # A callable's numeric checks stop at a bound of their own (R12b-7); the signal section has its own.
    with nullcontext() if sigma.is_symbolic else call_clock(CALLABLE_TIMEOUT_FACTOR * timeout):
        real = section("properties", lambda: check_real_valued(sigma, dps=dps), None)
        props = section("properties", lambda: check_properties(sigma, timeout=timeout, dps=dps), None)
        if real is None or props is None:
            real, props = _not_computed_properties(sigma, real, unavailable["properties"])
        done(1, "properties")
        scaling = section("scaling", lambda: scaling_report(sigma, linear=props.linear_at_origin,
                                                            timeout=min(timeout, 3.0), dps=dps), None)
        done(2, "scaling trick")
        # The theorems assume σ: ℝ → ℝ; for a σ that is not real there, they are not instantiated.
        # Theorem 1's g-search can take tens of seconds on its own: a progress line between the two.
        theorems_section = (section("theorems", lambda: _theorems_section(sigma, props, lambda: done(3, "Theorem 1"), full),
                                    None) if theorems and real.verdict != "fails" else None)
        if theorems:
            done(4, "theorems")
        findings = tuple(section("findings", lambda: _findings(sigma, props, timeout, dps), []))
    if real.verdict == "fails":
        findings = (
            f"sigma is not a real function on R ({real.detail}); the four properties assume one, so "
            "sympy's verdicts below only describe the part of R where sigma is real.",
        ) + findings
    done(stages - 1, "findings")
    # Signal propagation, like the theorems, assumes a real σ.
    signal_section = (section("signal", lambda: _signal_summary(sigma, timeout), None)
                      if signal and real.verdict != "fails" else None)
    done(stages, "signal propagation")
    return CheckReport(
        activation=sigma.name,
        formula=None if sigma.expr is None else str(sigma.expr),
        source=sigma.source,
        precision=sigma.precision,
        real_valued=real,
        properties=props,
        scaling=scaling,
        theorems=theorems_section,
        findings=findings,
        seconds=time.perf_counter() - start,
        signal=signal_section,
        unavailable=unavailable,
        timed_out=timeout if clock.timed_out else None,
    )


T = TypeVar("T")


def _reason(exc: BaseException) -> str:
    """One line saying why a section failed: a package error's own message, else the kind."""
    if isinstance(exc, RecursionError):
        return "the formula is nested too deeply for this analysis (RecursionError)"
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, (VGTheoryError, CallsOutOfTime)):
        return text or type(exc).__name__
    return f"internal error {type(exc).__name__}" + (f": {text[:200]}" if text else "")


def _not_computed_properties(sigma: Activation, real: PropertyResult | None, reason: str) -> tuple[PropertyResult, Properties]:
    """Every property ``inconclusive``, its detail saying why (the report keeps its other sections)."""
    detail = f"not computed: {reason}"

    def undecided(name: str) -> PropertyResult:
        return PropertyResult(name, "inconclusive", "numeric", {"not computed": reason}, detail=detail)

    names = ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin")
    return real or undecided("real_valued"), Properties(sigma.name, *(undecided(n) for n in names))


def _signal_summary(sigma: Activation, timeout: float) -> Any:
    from vgtheory.meanfield.signal_section import SIGNAL_SECONDS, signal_summary

    return signal_summary(sigma, max(SIGNAL_SECONDS, 5 * timeout))


def _theorems_section(sigma: Activation, props: Properties, theorem1_done: Callable[[], None], full: bool) -> Any:
    try:
        from vgtheory.theorems.section import theorems_section
    except ImportError:  # the theorems module is optional while it is being built
        return None
    return theorems_section(sigma, props, theorem1_done=theorem1_done, full=full)


@functools.cache
def _paper_exprs() -> tuple[tuple[str, sp.Expr], ...]:
    # Parsed once per process: check() parses only its own input.
    return tuple((key, parse_formula(REGISTRY[key])) for key in PAPER_SIGMOID_TYPE)


def _paper_key(sigma: Activation) -> str | None:
    if sigma.expr is None:
        return None
    return next((key for key, expr in _paper_exprs() if sigma.expr == expr), None)


def _findings(sigma: Activation, props: Properties, timeout: float, dps: int) -> list[str]:
    """Plain statements of where the activation disagrees with the paper, with witnesses."""
    out: list[str] = []
    moving = None if sigma.is_symbolic else repeat_mismatch(sigma.value)
    if moving is not None:
        out.append(f"{moving[0].upper()}{moving[1:]}: every verdict above rests on samples of a moving target.")
    key = _paper_key(sigma)
    failed = [r for r in props if r.verdict == "fails"]
    if key is not None and failed:
        for r in failed:
            wit = ", ".join(f"{k} = {v}" for k, v in r.witness.items())
            out.append(
                f"The paper counts the {PAPER_SIGMOID_TYPE[key]} as sigmoid-type, but it is not "
                f"{_FAILED_AS[r.name]}: {wit} ({r.method})."
            )
    lin = props.linear_at_origin
    if lin.verdict == "fails" and "sigma(0)" in lin.witness and sigma.expr is not None:
        offset = sigma.expr.subs(Z, 0) if lin.method == "symbolic" else None
        if offset is not None and offset.is_number:
            # simplify only tidies the printed form, so out of time it is simply skipped (sympy's
            # simplify of tanh(z) + exp(-(z-1000)**2) - exp(-10**6) ran for minutes).
            diff = sigma.expr - offset
            # simplify cancels removable points ((e^(2z) - 4)/((e^z - 2)(e^z + 2)) to 1, though it has no value at
            # log 2: R42a-4): its form is shown only for a sigma the kernel shows continuous on all of R.
            tidy = Deadline(timeout).run(lambda: sp.simplify(diff)) if continuous_everywhere(sigma.expr) else None
            shown = f"({offset})" if offset.is_Add or offset.could_extract_minus_sign() else f"{offset}"
            centred = activation(diff if tidy is None else tidy, name=f"{sigma.name} - {shown}")
            fixed = check_linear_at_origin(centred, timeout=timeout, dps=dps)
            if fixed.verdict == "holds":
                out.append(
                    f"The centred activation sigma(z) - {shown} = {centred.expr} is linear at the origin "
                    f"with a = {fixed.value} ({fixed.method})."
                )
    return out


def _scaling_label(fact: Any) -> str:
    """The bracketed label of a scaling fact: the invariant's "fails" is the expected outcome for
    a sigmoid (the trick is meant to change σ), so its label says that, not "fails"."""
    if fact.name == "invariant" and fact.verdict == "fails":
        return "s*sigma(u/s) != sigma(u), as expected"
    return f"{fact.name}: {fact.verdict}"
