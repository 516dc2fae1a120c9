"""The core layer: formulas parsed without eval, the Activation type and its registry, the chain model
f_w(x) = σ(w_l σ(… σ(w_1 x))) and its gradient, input limits, typed LaTeX slots.

May import: vgtheory.errors, vgtheory.progress and this layer only.
"""
