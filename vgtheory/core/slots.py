"""Typed slots in the LaTeX that analyses write: a number, a checker's plain text, a witness, a name.

Analyses (Theorems 1 and 2, g_sup, the hypotheses) state their claims in LaTeX as well as ASCII, but
formatting a number or escaping text is the renderers' job, and the renderers import the analyses,
not the other way round. So an analysis writes ``rf"... = {num_slot(bound)}$"``: the slot carries the
value itself (a number at 40 digits, the text unchanged) and :func:`vgtheory.render.latex_text.fill_slots`
renders it when the document is written. Nothing here formats anything.

>>> num_slot(0.5) == num_slot(0.5, 6)
True
>>> SLOT.fullmatch(text_slot("sigma'(z) -> 0")).group("kind")
'text'
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping

import mpmath
import sympy as sp

from vgtheory.core.decimals import directed_mpf

__all__ = ["SLOT", "name_slot", "num_slot", "text_slot", "witness_slot"]

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use code points: never in a formula or a checker's text

#: One slot: kind, digits (numbers only) and payload.
SLOT = re.compile(_OPEN + r"(?P<kind>num|sym|text|name|witness)(?::(?P<digits>\d+))?\|(?P<payload>[^" + _CLOSE + r"]*)" + _CLOSE)


def _slot(kind: str, payload: str, digits: int | None = None) -> str:
    if _OPEN in payload or _CLOSE in payload:
        raise ValueError("a slot's payload cannot contain the slot delimiters")
    return f"{_OPEN}{kind}{'' if digits is None else f':{digits}'}|{payload}{_CLOSE}"


def num_slot(v: Any, digits: int = 6) -> str:
    """A number shown to ``digits`` significant digits when rendered (None: 'n/a'). A sympy value
    is exact: it keeps sympy's own notation (``sp.latex``, as :meth:`Activation.latex` does)."""
    if v is None:
        return _slot("num", "none", digits)
    if isinstance(v, sp.Basic):
        return _slot("sym", sp.latex(v), digits)
    return _slot("num", mpmath.nstr(mpmath.mpf(v), 40), digits)


def earned_slot(v: Any, earned: int | None = None, digits: int = 6, up: bool | None = None) -> str:
    """:func:`num_slot` of a number known to ``earned`` digits (None: as many as shown), at most ``digits``;
    "undetermined" where no digit was earned (``earned`` = 0, or v is nan). An upper bound (``up``) rounded up, a
    lower one down (R71b-8)."""
    if earned == 0 or (v is not None and not isinstance(v, sp.Basic) and mpmath.isnan(v)):
        return r"\text{undetermined}"
    n = min(digits, earned or digits)
    if up is not None and v is not None and not isinstance(v, sp.Basic) and mpmath.isfinite(v):
        v = directed_mpf(v, n, up)
    return num_slot(v, n)


def text_slot(text: str) -> str:
    """A checker's plain text (ASCII math such as ``|z*sigma'(z)|``), to be typeset."""
    return _slot("text", text)


def name_slot(text: str) -> str:
    """A name (an activation's) to be set verbatim, escaped."""
    return _slot("name", text)


def witness_slot(witness: Mapping[str, str]) -> str:
    """A property's witness (key -> value, both ASCII), to be typeset as math."""
    return _slot("witness", json.dumps(dict(witness), ensure_ascii=True))
