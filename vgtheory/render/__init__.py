"""The render layer: LaTeX derivations and fragments, pdflatex, plots. Renderers read the results of the
analyses and format them; no analysis imports a renderer.

May import: every analysis layer (core .. meanfield, empirical), vgtheory.report, and this layer.
"""
