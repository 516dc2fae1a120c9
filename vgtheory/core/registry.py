"""The activation registry as data: canonical name -> formula string in ``z``, and aliases.

Plain strings, so that both the parser (registry names inside formulas, ``x*tanh(softplus(x))``)
and :mod:`activations` can read them without importing each other.
"""

from __future__ import annotations

from typing import Mapping

__all__ = ["ALIASES", "REGISTRY"]

#: The registry: name -> formula in z. Every formula is parsed by the same safe parser as user input.
REGISTRY: Mapping[str, str] = {
    "tanh": "tanh(z)",
    "sigmoid": "1/(1 + exp(-z))",
    "centered_sigmoid": "1/(1 + exp(-z)) - 1/2",
    "arctan": "atan(z)",
    "softsign": "z/(1 + Abs(z))",
    "erf": "erf(z)",
    "algebraic": "z/sqrt(1 + z**2)",
    "hardtanh": "Max(-1, Min(1, z))",
    "relu": "Max(0, z)",
    "leaky_relu": "Max(z/100, z)",
    "elu": "Piecewise((z, z > 0), (exp(z) - 1, True))",
    "gelu": "z*(1 + erf(z/sqrt(2)))/2",
    "silu": "z/(1 + exp(-z))",
    "softplus": "log(1 + exp(z))",
    "mish": "z*tanh(log(1 + exp(z)))",
    # SELU's alpha_01 and lambda_01 (Klambauer et al. 2017, the fixed point mean 0, variance 1)
    # as the exact expressions PyTorch's 1.6732632423543772... and 1.0507009873554804... round.
    "selu": (
        "(1 - erfc(1/sqrt(2))*sqrt(E))*sqrt(2*pi)"
        "/sqrt(2*erfc(sqrt(2))*E**2 + pi*erfc(1/sqrt(2))**2*E - 2*(2 + pi)*erfc(1/sqrt(2))*sqrt(E) + pi + 2)"
        "*Piecewise((z, z > 0), (-sqrt(2/pi)/(erfc(1/sqrt(2))*sqrt(E) - 1)*(exp(z) - 1), True))"
    ),
    # PyTorch's GELU(approximate='tanh'); 0.044715 is the definition's own decimal.
    "gelu_tanh": "z*(1 + tanh(sqrt(2/pi)*(z + 0.044715*z**3)))/2",
    "gaussian": "exp(-z**2)",
    "sin": "sin(z)",
}

#: Other names for registry entries. ``logsigmoid`` is the seed paper's name for the logistic
#: function 1/(1+e^-z) (not PyTorch's ``LogSigmoid``, which is log of it).
ALIASES: Mapping[str, str] = {
    "logistic": "sigmoid",
    "logsigmoid": "sigmoid",
    "atan": "arctan",
    "swish": "silu",
    "algebraic_sigmoid": "algebraic",
    "centred_sigmoid": "centered_sigmoid",
    "leakyrelu": "leaky_relu",
    "gelu_approximate": "gelu_tanh",
    "tanh_gelu": "gelu_tanh",
}
