"""The ``vgtheory`` command line.

Exit codes: 0 on success, 2 with one ``vgtheory: error: ...`` line on bad input (including a
missing optional dependency, named with the extra that brings it). PyTorch is imported only by
the empirical subcommands. A formula that starts with '-' may be passed as it is
(``vgtheory check '-tanh(x)'``) or after ``--``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
from typing import Sequence

from vgtheory.errors import VGTheoryError
from vgtheory.core.input_limits import (
    CHECK_DPS, GRADIENT_DPS, MAX_DEPTH, MAX_DEPTH_TIMES_DPS, MAX_FORMULA_LENGTH, MAX_LITERAL_EXPONENT,
    MAX_PLOT_DEPTH, MAX_TIMEOUT, check_int
)

__all__ = ["main", "run", "build_parser"]

#: Optional dependencies and the extra that brings each (``pip install 'vgtheory[EXTRA]'``).
EXTRAS = {"matplotlib": "plot", "torch": "torch", "PIL": "torch", "scipy": "torch"}
#: Commands of the empirical layer: the torch extra brings everything they import.
_EMPIRICAL_COMMANDS = ("experiment", "figures", "data", "bench")

_LIMITS = (
    f"limits: gradient depth <= {MAX_DEPTH:,}, gradient --dps {GRADIENT_DPS[0]}..{GRADIENT_DPS[1]} with "
    f"depth x dps <= {MAX_DEPTH_TIMES_DPS:,}; check --dps {CHECK_DPS[0]}..{CHECK_DPS[1]}, "
    f"--timeout in (0, {MAX_TIMEOUT:g}] s; plot --depth-max <= {MAX_PLOT_DEPTH:,}; formulas up to "
    f"{MAX_FORMULA_LENGTH:,} characters, numbers within 1e-{MAX_LITERAL_EXPONENT}..1e{MAX_LITERAL_EXPONENT}. "
    "A formula starting with '-' may follow '--': vgtheory check -- '-tanh(x)'."
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, as every other vgtheory error."""

    def error(self, message: str):  # type: ignore[override]
        hint = "see 'vgtheory --help'"
        if "required: activation" in message:
            # The formula may have been taken for an option: say how to pass one that starts with '-'.
            hint = f"a formula that starts with '-' can follow '--': {self.prog} -- '-tanh(x)'; {hint}"
        self.exit(2, f"vgtheory: error: {message} ({hint})\n")


def _check(args: argparse.Namespace) -> int:
    from vgtheory.progress import Progress
    from vgtheory.report import check

    report = check(
        args.activation, timeout=args.timeout, dps=args.dps, theorems=not args.no_theorems,
        signal=not args.no_signal, progress=Progress(), full=args.full or args.json,
    )
    if args.json:
        print(report.to_json())
    elif args.markdown:
        print(report._repr_markdown_())
    elif args.full:
        print(report.full_text())
    else:
        print(report)
    return 0


def _parse_list(text: str, what: str) -> list[str]:
    items = [t.strip() for t in text.split(",")]
    if not items or any(not t for t in items):
        raise VGTheoryError(f"{what} must be a comma-separated list of numbers, got {text!r}")
    return items


def _gradient(args: argparse.Namespace) -> int:
    from vgtheory.core.activations import activation
    from vgtheory.core.chain import LOSS_CONVENTION, gradient
    from vgtheory.progress import Progress

    weights = _parse_list(args.w, "--w")
    if args.depth is not None:
        if len(weights) != 1:
            raise VGTheoryError("--depth repeats a single --w value; give one number with --depth")
        weights = weights * check_int(args.depth, "--depth", 1, MAX_DEPTH)
    sigma = activation(args.activation)
    if args.s is not None:
        sigma = sigma.scaled(args.s)
    result = gradient(sigma, weights, args.x, args.y, dps=args.dps, lam=args.lam, progress=Progress())
    regularized = result.regularized_dw
    if args.json:
        data = result.to_dict()
        if regularized is not None:
            data["lambda"] = args.lam
        print(json.dumps(data, indent=2))
        return 0

    def _short(value, kind: str = "derivative") -> str:  # 12 significant digits, or the fewer confirmed
        return result.text(value, 12, kind=kind)

    # Inputs, not results: as given where a run confirms no digit (they were printed "undetermined", R18b-11).
    x, y = (_short(result.x, "forward"), _short(result.y, "forward")) if result.forward_digits else (args.x, args.y)
    print(f"activation {result.activation}, depth {result.depth}, x = {x}, y = {y}")
    print(f"f_w(x) = {_short(result.output, 'forward')}   loss = {_short(result.loss, 'loss')}   ({LOSS_CONVENTION})")
    head = f"{'j':>6}  {'df/dw_j':>20}  {'dloss/dw_j':>20}"
    print(head + ("" if regularized is None else f"  {'with weight decay':>20}"))
    for j, (g, h) in enumerate(zip(result.df_dw, result.dloss_dw), start=1):
        row = f"{j:>6}  {_short(g):>20}  {_short(h, 'loss'):>20}"
        print(row + ("" if regularized is None else f"  {_short(regularized[j - 1], 'regularized'):>20}"))
    if regularized is not None:
        print(f"with weight decay: dloss/dw_j + lam*w_j, the gradient of loss + (lam/2)*||w||^2, lam = {args.lam}")
    print(result.precision_note)
    return 0


def _list(args: argparse.Namespace) -> int:
    from vgtheory.core.registry import ALIASES, REGISTRY  # data only: no sympy for a list

    for name, formula in REGISTRY.items():
        aliases = [a for a, target in ALIASES.items() if target == name]
        print(f"{name:18s} {formula}" + (f"   (also: {', '.join(aliases)})" if aliases else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``vgtheory`` command."""
    from vgtheory import __version__

    parser = _Parser(
        prog="vgtheory", description="Vanishing gradients in sigmoid-type networks: theory you can run.", epilog=_LIMITS
    )
    parser.add_argument("--version", action="version", version=f"vgtheory {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "check", help="check the four properties, the scaling trick and the theorems for an activation", epilog=_LIMITS
    )
    p.add_argument("activation", help="registry name (see 'vgtheory list') or formula in x or z, e.g. 'x/(1+abs(x))'")
    # One output format: argparse refuses two in one line instead of silently picking one.
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--full", action="store_true", help="print the full derivation with every constant, not the summary")
    fmt.add_argument("--json", action="store_true", help="print the report as JSON")
    fmt.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    p.add_argument(
        "--timeout", type=float, default=6.0,
        help=f"seconds allowed for each symbolic step, in (0, {MAX_TIMEOUT:g}] (default 6)",
    )
    p.add_argument(
        "--dps", type=int, default=30,
        help=f"mpmath digits for numeric evidence, {CHECK_DPS[0]}..{CHECK_DPS[1]} (default 30)",
    )
    p.add_argument("--no-theorems", action="store_true", help="skip the theorems section")
    p.add_argument("--no-signal", action="store_true", help="skip the signal-propagation lines")
    p.set_defaults(func=_check)

    p = sub.add_parser("gradient", help="partial derivatives of the chain model at mpmath precision", epilog=_LIMITS)
    p.add_argument("activation", help="registry name or formula in x or z")
    p.add_argument("--w", required=True, help="comma-separated w_1,...,w_l (or one value with --depth)")
    p.add_argument("--depth", type=int, help=f"repeat the single --w value this many times (at most {MAX_DEPTH:,})")
    p.add_argument("--x", default="1", help="input x (default 1)")
    p.add_argument("--y", default="0", help="target y (default 0)")
    p.add_argument("--s", help="use the s-scaled activation s*sigma(u/s)")
    p.add_argument("--lam", help="also report the gradient of loss + (lam/2)*||w||^2")
    p.add_argument(
        "--dps", type=int, default=50,
        help=f"mpmath decimal digits, {GRADIENT_DPS[0]}..{GRADIENT_DPS[1]}, depth x dps <= {MAX_DEPTH_TIMES_DPS:,} (default 50)",
    )
    p.add_argument("--json", action="store_true", help="print every value as JSON, at full precision")
    p.set_defaults(func=_gradient)

    p = sub.add_parser("list", help="list the registry activations")
    p.set_defaults(func=_list)

    hooks = (
        ("vgtheory.cli.latex", "register_cli"),
        ("vgtheory.render.plotting", "register_cli"),
        ("vgtheory.cli.signal", "register_cli"),
        ("vgtheory.cli.recommend", "register_cli"),
        ("vgtheory.empirical.cli", "register"),
    )
    for module, hook in hooks:
        register = _find_hook(module, hook)
        if register is not None:
            register(sub)
    return parser


def _find_hook(module: str, name: str):
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, name, None)


def _formulas_as_positionals(argv: Sequence[str], parser: argparse.ArgumentParser) -> list[str]:
    """argv with every '-...' word that is a formula (not an option) shielded by a leading space.

    argparse takes any word starting with '-' for an option, so ``check -tanh(x)`` would lose its
    formula; a leading space makes it a positional, and the parser strips the space again. Words
    after '--' are positional already.
    """
    out: list[str] = []
    for i, word in enumerate(argv):
        if word == "--":
            # After '--' a word is positional unless it is exactly an option of ours ('check --
            # -tanh(x) --no-signal'): '--' is dropped and the positionals are shielded instead.
            rest = argv[i + 1:]
            if not any(_is_long_option(w, parser) or _is_option(w, parser) for w in rest if w.startswith("-")):
                return out + list(argv[i:])
            return out + [" " + w if w.startswith("-") and not (_is_long_option(w, parser) or _is_option(w, parser)) else w
                          for w in rest]
        if (word.startswith("-") and not word.startswith("--") and len(word) > 1
                and not _ARGPARSE_NUMBER.fullmatch(word) and not _is_option(word, parser)):
            if _is_formula(word) or all(_is_number(t) for t in word.split(",")):
                word = " " + word
        out.append(word)
    return out


#: Words argparse itself reads as negative numbers (its _negative_number_matcher): left alone.
_ARGPARSE_NUMBER = re.compile(r"-\d+|-\d*\.\d+")


def _is_formula(word: str) -> bool:
    from vgtheory.core.parsing import parse_formula

    try:
        parse_formula(word)
    except VGTheoryError:
        return False
    return True


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_long_option(word: str, parser: argparse.ArgumentParser) -> bool:
    """Whether ``word`` is a long option of any (sub)command, as '--no-signal' or '--dps=40'."""
    name = word.split("=", 1)[0]
    stack = [parser]
    while stack:
        p = stack.pop()
        for action in p._actions:
            if name in action.option_strings and name.startswith("--"):
                return True
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
    return False


def _is_option(word: str, parser: argparse.ArgumentParser) -> bool:
    """Whether ``word`` starts with a short option of any (sub)command, e.g. '-o' or '-ofile.png'."""
    stack = [parser]
    while stack:
        p = stack.pop()
        for action in p._actions:
            if any(word[:2] == opt for opt in action.option_strings if not opt.startswith("--")):
                return True
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
    return False


def _missing_dependency(exc: ModuleNotFoundError, command: str | None) -> str | None:
    """One line naming the extra that installs the missing module, or None for a module of ours."""
    top = (exc.name or "").split(".")[0]
    if top not in EXTRAS:
        return None
    extra = "torch" if command in _EMPIRICAL_COMMANDS else EXTRAS[top]
    needs = f"'vgtheory {command}' needs it" if command else "this needs it"
    return f"{top} is not installed; {needs}: pip install 'vgtheory[{extra}]'"


#: Command-line options that hold numbers as text (comma lists allowed), bounded like formula
#: literals before anything converts them: '--x 1e99999999999' became a 10^11-digit integer.
_NUMERIC_OPTIONS = ("x", "y", "w", "s", "lam", "sigma_w", "sigma_b", "q0", "scales")


def _check_numbers(args: argparse.Namespace) -> None:
    from vgtheory.core.input_limits import check_number

    for name in _NUMERIC_OPTIONS:
        value = getattr(args, name, None)
        if isinstance(value, str):
            for item in value.split(","):
                check_number(item, "--" + name.replace("_", "-"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_formulas_as_positionals(argv, parser))
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        _check_numbers(args)
        return int(args.func(args) or 0)
    except VGTheoryError as exc:
        print(f"vgtheory: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vgtheory: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: not an error of ours.  Point stdout at devnull so
        # that the interpreter's final flush does not raise again, and exit as SIGPIPE would.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one readable line
        if os.environ.get("VGTHEORY_DEBUG"):
            raise
        missing = _missing_dependency(exc, args.command) if isinstance(exc, ModuleNotFoundError) else None
        if missing is not None:
            print(f"vgtheory: error: {missing}", file=sys.stderr)
            return 2
        print(
            f"vgtheory: internal error: {type(exc).__name__}: {exc} "
            "(a bug in vgtheory; rerun with VGTHEORY_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1


#: Commands after which the process may skip Python's teardown: they write only to stdout and
#: stderr (flushed first) and leave no file, thread or child process behind.
_QUICK_EXIT = ("check", "list")


def run() -> None:
    """The ``vgtheory`` program (console script and ``python -m vgtheory``): main(), then exit.

    After ``check`` or ``list`` the interpreter's teardown, which frees every sympy object and
    module one by one (0.2-0.3 s CPU, a fifth of a short check), is skipped with os._exit once the
    output is flushed; every other command (they write files and may hold threads) exits normally.
    """
    quick = bool(sys.argv[1:2]) and sys.argv[1] in _QUICK_EXIT
    if quick:
        # A check allocates millions of short-lived sympy objects: at the default threshold (700
        # allocations) the collector ran ~250 times, 0.1 s CPU; 20,000 keeps 8 runs. The process
        # is short and ends below without teardown, so nothing waits on those collections.
        gc.set_threshold(20_000, 10, 10)
    code = main()
    if quick:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:
            sys.exit(code)  # a closed pipe: let the interpreter report it as usual
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
