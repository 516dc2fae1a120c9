"""The mean-field layer: signal propagation at initialisation (q*, χ₁, phases), the Gaussian moments it
needs, initialisation recommendations and initialisers, activations as PyTorch functions.

May import: vgtheory.theorems and every layer below it (properties, kernel, core, base) and this layer.
"""
