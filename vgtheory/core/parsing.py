"""Parse a formula string in one variable into a sympy expression, without ``eval``.

sympy's own ``sympify``/``parse_expr`` call Python's ``eval``, so a string such as
``__import__('os').system(...)`` would run. Here the string is parsed by :mod:`ast` and the tree
is translated node by node; only numbers, the variable, a fixed set of constants and functions,
arithmetic, comparisons (for ``Piecewise`` conditions) and tuples are accepted. Everything else
is rejected with one :class:`~vgtheory.errors.FormulaError` line that says what is wrong.

>>> parse_formula("x/(1+abs(x))")
z/(Abs(z) + 1)
>>> parse_formula("Piecewise((z, z > 0), (exp(z) - 1, True))")
Piecewise((z, z > 0), (exp(z) - 1, True))
"""

from __future__ import annotations

import ast
import math
from decimal import Decimal
from typing import Any, Callable, Mapping

import sympy as sp
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from vgtheory.errors import FormulaError
from vgtheory.core.enclosure import exact_sign
from vgtheory.core.input_limits import (
    MAX_EXACT_DIGITS, MAX_EXPONENT, MAX_FORMULA_LENGTH, MAX_LITERAL_EXPONENT, MAX_NESTING, MAX_SWITCH_BRANCHES,
    MAX_TREE_DEPTH
)
from vgtheory.core.registry import ALIASES, REGISTRY

__all__ = ["Z", "parse_formula", "FUNCTIONS", "CONSTANTS", "VARIABLES"]

#: The variable of every activation expression.
Z = sp.Symbol("z", real=True)

#: Names a formula may use for its variable (only one of them per formula).
VARIABLES = ("x", "z")

#: Constants a formula may name.
CONSTANTS: Mapping[str, sp.Expr] = {
    "pi": sp.pi,
    "E": sp.E,
    "e": sp.E,
    "True": sp.true,
    "False": sp.false,
}

#: Functions a formula may call, with their arity (None: any number of arguments >= 1).
FUNCTIONS: Mapping[str, tuple[Callable[..., sp.Expr], int | None]] = {
    "exp": (sp.exp, 1),
    "log": (sp.log, 1),
    "ln": (sp.log, 1),
    "sqrt": (sp.sqrt, 1),
    "cbrt": (sp.cbrt, 1),
    "Abs": (sp.Abs, 1),
    "abs": (sp.Abs, 1),
    "sign": (sp.sign, 1),
    "sin": (sp.sin, 1),
    "cos": (sp.cos, 1),
    "tan": (sp.tan, 1),
    "sinh": (sp.sinh, 1),
    "cosh": (sp.cosh, 1),
    "tanh": (sp.tanh, 1),
    "sech": (sp.sech, 1),
    "asinh": (sp.asinh, 1),
    "arcsinh": (sp.asinh, 1),
    "atan": (sp.atan, 1),
    "arctan": (sp.atan, 1),
    "erf": (sp.erf, 1),
    "erfc": (sp.erfc, 1),
    "Heaviside": (sp.Heaviside, 1),
    "Max": (sp.Max, None),
    "Min": (sp.Min, None),
    "max": (sp.Max, None),
    "min": (sp.Min, None),
    "Piecewise": (sp.Piecewise, None),
}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}

_COMPARE = {
    ast.Lt: sp.Lt,
    ast.LtE: sp.Le,
    ast.Gt: sp.Gt,
    ast.GtE: sp.Ge,
}

_MAX_LENGTH = MAX_FORMULA_LENGTH
_MAX_EXPONENT = MAX_EXPONENT
_MAX_LITERAL_EXPONENT = MAX_LITERAL_EXPONENT


def _log10(value: sp.Rational) -> float:
    """log10 |value| from the integers themselves (math.log10 takes ints of any size; a float
    conversion of 10**400 would overflow)."""
    return math.log10(abs(int(value.p))) - math.log10(int(value.q))


def _adjusted(value: sp.Rational) -> int:
    """The exact k with 10**k <= |value| < 10**(k+1) (Decimal.adjusted() of a literal)."""
    p, q = abs(int(value.p)), int(value.q)
    k = math.floor(_log10(value))
    while p < q * 10**k if k >= 0 else p * 10**-k < q:
        k -= 1
    while p >= q * 10 ** (k + 1) if k + 1 >= 0 else p * 10 ** -(k + 1) >= q:
        k += 1
    return k


def _ndigits(n: int) -> int:
    """Decimal digits of the integer n (str() refuses beyond 4300 digits)."""
    n = abs(n)
    k = max(1, int(n.bit_length() * math.log10(2)))
    while n >= 10**k:
        k += 1
    while k > 1 and n < 10 ** (k - 1):
        k -= 1
    return k


def numbers_in_range(expr: sp.Expr) -> bool:
    """Whether every exact number in ``expr`` is 0 or within 1e-300 ... 1e300 in magnitude with at most
    :data:`MAX_EXACT_DIGITS` digits above and below the fraction bar (the formula limits): for formulas
    and for sympy expressions given directly (t/10**5000: str() refuses its 5001 digits, R10a-5)."""
    return all(q == 0 or (abs(_adjusted(q)) <= _MAX_LITERAL_EXPONENT
                          and max(_ndigits(int(q.p)), _ndigits(int(q.q))) <= MAX_EXACT_DIGITS)
               for q in expr.atoms(sp.Rational))


def _short(value: sp.Expr) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:8] + "..." + text[-4:]


def parse_formula(text: str) -> sp.Expr:
    """Return the sympy expression of ``text``, a formula in ``x`` or ``z``, in the variable :data:`Z`.

    Raises :class:`FormulaError` with a one-line reason for anything that is not a formula.
    """
    if not isinstance(text, str):
        raise FormulaError(f"formula must be a string, got {type(text).__name__}")
    source = text.strip()
    if not source:
        raise FormulaError("formula is empty")
    if len(source) > _MAX_LENGTH:
        raise FormulaError(f"formula is longer than {_MAX_LENGTH} characters")
    # '^' means a power, as in sympy's convert_xor; it is replaced before parsing because
    # Python's '^' binds more loosely than '*' and unary '-' ('-x^2' would be (-x)^2).
    text = source.replace("^", "**")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise FormulaError(f"formula {source!r} is not valid syntax{where}") from None
    _check_nesting(tree.body, source)
    translator = _Translator(source, text)
    expr = translator.visit(tree.body)
    if isinstance(expr, tuple) or _is_condition(expr) or not isinstance(expr, sp.Expr):
        raise FormulaError(f"formula {source!r} is not a real-valued expression")
    if len(translator.variables) > 1:
        raise FormulaError(f"formula {source!r} uses both x and z; use one variable")
    if expr.has(sp.zoo, sp.nan):
        raise FormulaError(f"formula {source!r} is undefined (division by zero or 0/0)")
    if (wide := sum(len(n.args) for n in expr.atoms(sp.Max, sp.Min))) > MAX_SWITCH_BRANCHES:
        raise FormulaError(f"formula {_head(source)} has Max and Min with {wide} branches in all, more than "
                           f"{MAX_SWITCH_BRANCHES} (vgtheory.core.input_limits.MAX_SWITCH_BRANCHES)")
    if any(p.base.is_zero and p.exp.free_symbols for p in expr.atoms(sp.Pow)):
        # 0**g(z) is 1 where g = 0 and 0 where g > 0: sympy differentiates it through log(0) (sigma' nan everywhere, R24a-1)
        raise FormulaError(f"formula {source!r} raises 0 to a power that depends on the variable; write the point "
                           "where it is 1 as a Piecewise instead")
    return expr


def _check_nesting(root: ast.AST, source: str) -> None:
    """Refuse a formula nested beyond :data:`MAX_NESTING` calls/powers or :data:`MAX_TREE_DEPTH`
    levels, before anything recursive (the translator, sympy) sees it; iterative, so no input
    can overflow the stack here."""
    stack = [(root, 1, 0)]
    while stack:
        node, depth, nesting = stack.pop()
        if isinstance(node, ast.Call) or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow)):
            nesting += 1
        if depth > MAX_TREE_DEPTH:
            raise FormulaError(f"formula {_head(source)} is nested more than {MAX_TREE_DEPTH} operations deep "
                               "(vgtheory.core.input_limits.MAX_TREE_DEPTH)")
        if nesting > MAX_NESTING:
            raise FormulaError(f"formula {_head(source)} nests more than {MAX_NESTING} function calls or powers "
                               "inside one another (vgtheory.core.input_limits.MAX_NESTING)")
        stack.extend((child, depth + 1, nesting) for child in ast.iter_child_nodes(node))


def _head(source: str) -> str:
    return repr(source) if len(source) <= 40 else repr(source[:30] + "...") + f" ({len(source)} characters)"


class _Translator:
    """Translate an :mod:`ast` expression tree into sympy, refusing every other kind of node."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source  # as the user wrote it, for messages
        self.text = text  # as parsed, for looking up literals
        self.variables: set[str] = set()

    def fail(self, what: str) -> FormulaError:
        return FormulaError(f"formula {self.source!r}: {what}")

    def visit(self, node: ast.AST):
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise self.fail(_describe_refused(node))
        return method(node)

    def visit_Constant(self, node: ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return sp.true if value else sp.false
        if isinstance(value, int):
            # bit_length, not str(value): Python refuses to print integers of more than 4300 digits.
            self._check_magnitude(node, (value.bit_length() - 1) * math.log10(2) if value else 0)
            return sp.Integer(value)
        if isinstance(value, float):
            # Decimal literals are exact in a formula: 0.01 means 1/100, not the nearest double.
            literal = ast.get_source_segment(self.text, node) or repr(value)
            number = Decimal(literal.replace("_", ""))
            self._check_magnitude(node, number.adjusted() if number else 0)
            return sp.Rational(literal)
        raise self.fail(f"constant {value!r} is not a number")

    def _check_magnitude(self, node: ast.Constant, exponent: float) -> None:
        """Refuse a number literal whose decimal exponent is beyond ±300 (0 is fine)."""
        if abs(exponent) > _MAX_LITERAL_EXPONENT:
            literal = ast.get_source_segment(self.text, node) or "?"
            shown = literal if len(literal) <= 20 else literal[:8] + "..." + literal[-4:]
            raise self.fail(
                f"number {shown} is out of range (numbers must be between 1e-{_MAX_LITERAL_EXPONENT} "
                f"and 1e{_MAX_LITERAL_EXPONENT} in magnitude)"
            )

    def visit_Name(self, node: ast.Name):
        name = node.id
        if name.startswith("_"):
            raise self.fail(f"name {name!r} is not allowed")
        if name in VARIABLES:
            self.variables.add(name)
            return Z
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            raise self.fail(f"function {name!r} must be called with an argument")
        raise self.fail(
            f"unknown name {name!r}; the variable is x or z, constants are "
            f"{', '.join(sorted(k for k in CONSTANTS if k not in ('True', 'False')))}"
        )

    def visit_BinOp(self, node: ast.BinOp):
        op = _BINARY.get(type(node.op))
        if op is None:
            raise self.fail(f"operator {type(node.op).__name__} is not allowed")
        left, right = self.visit(node.left), self.visit(node.right)
        self._require_expr(left, right)
        if isinstance(node.op, ast.Pow) and right.is_Number and abs(right) > _MAX_EXPONENT:
            # 9**9**9 or z**(10**10) would be expanded exactly and never finish.
            raise self.fail(f"exponent {_short(right)} is too large (at most {_MAX_EXPONENT} in absolute value)")
        if isinstance(node.op, ast.Pow) and left.is_Rational and right.is_Rational and left != 0:
            # Judged before sympy computes it, on a bound twice the limits (the exact check follows
            # on the result): (1/10**200)**-1000 would be a 200,000-digit integer.
            size = abs(float(right)) * math.log10(max(abs(int(left.p)), int(left.q)))
            if abs(_log10(left) * float(right)) > 2 * _MAX_LITERAL_EXPONENT + 2 or size > 2 * MAX_EXACT_DIGITS:
                raise self.fail(self._out_of_range(self._source(node)))
        result = op(left, right)
        # Sums, products and powers of admitted literals can leave their range (1e300*1e300), also as
        # the coefficient sympy gathers in tanh(x)*1e300*1e300 = 10**600*tanh(x) (red team R8-11).
        if not numbers_in_range(result):
            raise self.fail(self._out_of_range(self._source(node)))
        for term in (result, *(result.args if result.is_Mul else ())):
            if term.is_Pow and term.exp.is_Number and abs(term.exp) > _MAX_EXPONENT:
                # sympy combines (z**1000)**1000 into z**1000000: the bound holds after combining.
                raise self.fail(f"exponent {_short(term.exp)} (after combining powers) is too large "
                                f"(at most {_MAX_EXPONENT} in absolute value)")
        return result

    def _source(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.text, node) or "a number"
        return text if len(text) <= 30 else text[:14] + "..." + text[-10:]

    def _out_of_range(self, shown: str) -> str:
        return (f"{shown} is out of range (numbers the formula builds must be 0 or between "
                f"1e-{_MAX_LITERAL_EXPONENT} and 1e{_MAX_LITERAL_EXPONENT} in magnitude, "
                f"with at most {MAX_EXACT_DIGITS} digits above and below the fraction bar)")

    def visit_UnaryOp(self, node: ast.UnaryOp):
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.USub):
            self._require_expr(operand)
            return -operand
        if isinstance(node.op, ast.UAdd):
            self._require_expr(operand)
            return operand
        if isinstance(node.op, ast.Not):
            if not _is_condition(operand):
                raise self.fail("'not' only negates a comparison (inside Piecewise conditions)")
            return sp.Not(operand)
        raise self.fail(f"operator {type(node.op).__name__} is not allowed")

    def visit_BoolOp(self, node: ast.BoolOp):
        values = [self.visit(v) for v in node.values]
        if not all(_is_condition(v) for v in values):
            raise self.fail("'and'/'or' only combine comparisons (inside Piecewise conditions)")
        return sp.And(*values) if isinstance(node.op, ast.And) else sp.Or(*values)

    def visit_Compare(self, node: ast.Compare):
        terms = [self.visit(node.left)] + [self.visit(c) for c in node.comparators]
        self._require_expr(*terms)
        self._require_agreement(terms)
        parts = []
        for op, a, b in zip(node.ops, terms, terms[1:]):
            rel = _COMPARE.get(type(op))
            if rel is None:
                raise self.fail(f"comparison {type(op).__name__} is not allowed (use <, <=, >, >=)")
            try:
                parts.append(rel(a, b))
            except TypeError as exc:  # sympy's "Invalid comparison of non-real ..."
                raise self.fail(f"comparison: {exc}") from None
        return sp.And(*parts)

    def visit_Tuple(self, node: ast.Tuple):
        return tuple(self.visit(e) for e in node.elts)

    def visit_Call(self, node: ast.Call):
        if not isinstance(node.func, ast.Name):
            raise self.fail("only plain function names can be called (no attributes or expressions)")
        name = node.func.id
        if name.startswith("_"):
            raise self.fail(f"name {name!r} is not allowed")
        if name not in FUNCTIONS:
            if name in VARIABLES or name in CONSTANTS:
                raise self.fail(f"{name!r} is not a function; write {name}*(...) for a product")
            registered = _registry_formula(name)
            if registered is not None:
                if node.keywords or len(node.args) != 1:
                    raise self.fail(f"{name}() takes 1 argument, got {len(node.args) + len(node.keywords)}")
                (arg,) = [self.visit(a) for a in node.args]
                self._require_expr(arg)
                return registered.subs(Z, arg)
            raise self.fail(
                f"unknown function {name!r}; allowed: {', '.join(sorted(FUNCTIONS))}, "
                "and the registry names ('vgtheory list')"
            )
        if node.keywords:
            raise self.fail(f"{name}() takes no keyword arguments")
        func, arity = FUNCTIONS[name]
        args = [self.visit(a) for a in node.args]
        if arity is not None and len(args) != arity:
            raise self.fail(f"{name}() takes {arity} argument{'s' if arity != 1 else ''}, got {len(args)}")
        if not args:
            raise self.fail(f"{name}() needs at least one argument")
        if func is sp.Piecewise:
            return self._piecewise(args)
        self._require_expr(*args)
        self._require_agreement(args)
        try:
            return func(*args)
        except (TypeError, ValueError) as exc:
            if func in (sp.Max, sp.Min):
                return self._extreme(name, func, args)
            raise self.fail(f"{name}(): {exc}") from None

    def _extreme(self, name: str, func: Any, args: list) -> sp.Expr:
        """Max/Min with a constant sympy cannot order (evalf finds no digit of cos(π/7) + cos(3π/7) + cos(5π/7) − 1/2,
        exactly 0): a constant the kernel proves 0 is 0 (:func:`enclosure.exact_sign`); else one
        line that says why (R12a-3)."""
        unordered = [a for a in args if a.is_number and not a.is_comparable]
        try:
            if unordered:
                return func(*[sp.S.Zero if a in unordered and exact_sign(a) == 0 else a for a in args])
        except (TypeError, ValueError):
            pass
        what = f"the constant {unordered[0]}" if unordered else "an argument"
        raise self.fail(f"{name}(): {what} cannot be compared with the other arguments exactly (sympy finds no digit of it: "
                        "it may be exactly 0, and no exact test decided it)") from None

    def _piecewise(self, args):
        pairs = []
        for arg in args:
            if not (isinstance(arg, tuple) and len(arg) == 2):
                raise self.fail("Piecewise() takes pairs (value, condition)")
            value, cond = arg
            self._require_expr(value)
            if not _is_condition(cond):
                raise self.fail(f"Piecewise condition {cond} is not a comparison or True")
            pairs.append((value, cond))
        if pairs[-1][1] is not sp.true:
            raise self.fail("Piecewise() must end with a (value, True) pair so that it is defined for every real z")
        try:
            return sp.Piecewise(*pairs)
        except (TypeError, ValueError) as exc:
            raise self.fail(f"Piecewise(): {exc}") from None

    def _require_agreement(self, args) -> None:
        """sympy evaluates comparisons, sign, Abs, Max, Min and Heaviside of constants as it builds them, by its own
        assumptions: refuse a constant whose assumptions arb refutes (sympy took log(tanh(100)) for >= 0 and built
        Piecewise((tanh(z), z**2 < -1/log(tanh(100))), (5, True)) as 5)."""
        bad = disagreeing_constant(args)
        if bad is not None:
            raise self.fail(f"sympy's assumptions on the constant {_short(bad)} or its own value of it disagree with its arb enclosure, "
                            "so sympy cannot be trusted to build this formula; rewrite the constant")

    def _require_expr(self, *values) -> None:
        for v in values:
            if isinstance(v, tuple) or not isinstance(v, sp.Expr):
                raise self.fail(f"{v} is not a number or expression here")


def disagreeing_constant(exprs, strict: bool = True) -> sp.Expr | None:
    """A constant inside ``exprs`` whose sympy assumptions (zero, sign) arb refutes, or (``strict``: constants that
    sympy orders, in conditions, Max/Min and points) whose sympy value at 2 or 15 digits it refutes, else None
    (:func:`vgtheory.kernel.numbers.sympy_agrees`)."""
    from vgtheory.kernel.numbers import sympy_agrees  # here: the kernel imports this module

    for e in exprs:
        for n in sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ():
            if isinstance(n, sp.Expr) and n.is_number and not (n.is_Rational or n.has(sp.oo, -sp.oo, sp.zoo, sp.nan)):
                try:
                    agrees = sympy_agrees(n, strict)
                except Exception:  # noqa: BLE001 - sympy's assumption code raised (TypeError on log(tanh(100)))
                    agrees = False
                if not agrees:
                    return n
    return None


def _registry_formula(name: str) -> sp.Expr | None:
    """The registry activation ``name`` (or alias) as an expression in :data:`Z`, for formulas
    such as ``x*tanh(softplus(x))``; None for any other name."""
    key = ALIASES.get(name.lower(), name.lower())
    return parse_formula(REGISTRY[key]) if key in REGISTRY else None


def _is_condition(value) -> bool:
    # sympy's Symbol subclasses Boolean, so the logic types are named explicitly, and imported by
    # name: a submodule reached as an attribute of sympy is unbound after an interrupted import (R9b-10).
    return isinstance(value, (BooleanAtom, BooleanFunction, Relational))


def _describe_refused(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return "attribute access ('.') is not allowed"
    if isinstance(node, ast.Lambda):
        return "lambda is not allowed; write the formula itself"
    if isinstance(node, (ast.Subscript, ast.Slice)):
        return "indexing ('[ ]') is not allowed"
    if isinstance(node, (ast.List, ast.Set, ast.Dict, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return "collections and comprehensions are not allowed"
    if isinstance(node, ast.IfExp):
        return "'a if c else b' is not allowed; use Piecewise((a, c), (b, True))"
    if isinstance(node, ast.NamedExpr):
        return "assignment is not allowed"
    return f"{type(node).__name__} is not allowed in a formula"
