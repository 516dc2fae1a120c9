"""``python -m vgtheory.theorems``: the section for one activation, or ``--table`` (docs/theory.md)."""

from vgtheory.theorems.section import _main_closing_quietly

raise SystemExit(_main_closing_quietly())
