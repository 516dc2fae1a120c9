"""Empirical layer of vgtheory: the paper's CIFAR-10 experiments (section 3, appendices B, C).

Modules (torch is imported only by those that train):

- ``data`` / ``download``: CIFAR-10 from the official pickles or the JPEG npz; md5-checked download
- ``tensordata``: the data set as device tensors and the per-seed data order
- ``models``: the conv nets of Tables 1-3 and the s-scaled activations
- ``ensemble``: many seeds trained together with stacked parameters (torch.func.vmap)
- ``regimes``: the four experiments, their settings and documented defaults
- ``runner``: per-epoch records, atomic results, checkpoints and resume
- ``shards``: ``--shard k/n`` (the (setting, seed) pairs of a sweep split over jobs) and the merge
- ``profile`` / ``calibration``: per-layer gradients at initialisation over seeds; the sweep behind
  the defaults
- ``records``: result files read back and refused when incomplete or duplicated (no torch)
- ``stats``: paired t, BCa, Holm, power of the paired t-test (no torch)
- ``analysis``: the claims (one family, Holm-corrected), power and runtime tables (no torch)
- ``tables`` / ``figures``: Markdown and text renderings, figures (no torch)
- ``bench``: stacked vs plain-loop throughput
- ``cli``: ``register(subparsers)`` for ``vgtheory data|experiment|profile|figures|bench``

Importing this package does not import torch.
"""
