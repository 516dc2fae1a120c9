"""Empirical layer of vgtheory: the paper's CIFAR-10 experiments (section 3, appendices B, C).

Modules (torch is imported only by those that train):

- ``data`` / ``download``: CIFAR-10 from the official pickles or the JPEG npz; md5-checked download
- ``tensordata``: the data set as device tensors and the per-seed data order
- ``models``: the conv nets of Tables 1-3 and the s-scaled activations
- ``ensemble``: many seeds trained together with stacked parameters (torch.func.vmap)
- ``regimes``: the four experiments, their settings and documented defaults
- ``runner``: per-epoch records, atomic results, checkpoints and resume
- ``analysis`` / ``figures``: bootstrap CIs, the claims and runtime tables, figures (no torch)
- ``bench``: stacked vs plain-loop throughput
- ``cli``: ``register(subparsers)`` for ``vgtheory data|experiment|figures|bench``

Importing this package does not import torch.
"""
