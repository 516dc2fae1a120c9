"""The data set as tensors on the training device, and the per-seed data order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

import numpy as np
import torch

from vgtheory.empirical.data import CifarArrays, subset_indices


@dataclass(frozen=True)
class DeviceData:
    """Normalised float images and int64 labels, resident on one device."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    mean: tuple[float, ...]
    std: tuple[float, ...]
    info: dict

    @property
    def n_train(self) -> int:
        return int(self.train_y.shape[0])

    def to_dict(self) -> dict:
        return {**self.info, "n_train_used": self.n_train, "n_test_used": int(self.test_y.shape[0]),
                "channel_mean": list(self.mean), "channel_std": list(self.std)}


def to_device(arrays: CifarArrays, device: torch.device | str,
              train_subset: Optional[int] = None, test_subset: Optional[int] = None,
              subset_seed: int = 12345) -> DeviceData:
    """Subset (fixed seed), normalise with the training set's channel statistics, move."""
    tr = subset_indices(arrays.train_y, train_subset, subset_seed)
    te = subset_indices(arrays.test_y, test_subset, subset_seed + 1)
    train_x = arrays.train_x[tr].astype(np.float32) / 255.0
    test_x = arrays.test_x[te].astype(np.float32) / 255.0
    mean = train_x.mean(axis=(0, 2, 3), dtype=np.float64)
    std = train_x.std(axis=(0, 2, 3), dtype=np.float64)
    shape = (1, -1, 1, 1)

    def put(x: np.ndarray) -> torch.Tensor:
        return torch.from_numpy((x - mean.reshape(shape)) / std.reshape(shape)).float().to(device)

    return DeviceData(put(train_x), torch.from_numpy(arrays.train_y[tr]).to(device),
                      put(test_x), torch.from_numpy(arrays.test_y[te]).to(device),
                      tuple(float(m) for m in mean), tuple(float(s) for s in std),
                      {**arrays.to_dict(), "train_subset": train_subset,
                       "test_subset": test_subset, "subset_seed": subset_seed})


def epoch_order(n: int, seed: int, epoch: int) -> torch.Tensor:
    """The permutation of the training set that ``seed`` uses in ``epoch`` (CPU int64).

    It depends only on (seed, epoch), so a resumed run sees the same order without any saved
    generator state, and a seed trained alone sees the order it sees inside an ensemble.
    """
    state = np.random.SeedSequence([int(seed), int(epoch), 0xDA7A]).generate_state(2)
    gen = torch.Generator().manual_seed(int(state[0]) << 32 | int(state[1]))
    return torch.randperm(n, generator=gen)


def stacked_batches(data: DeviceData, seeds: Sequence[int], epoch: int,
                    batch_size: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Minibatches ``(S, B, C, H, W)`` and ``(S, B)``, one row per seed, in each seed's order.

    The last batch may be smaller; every seed sees every training image once per epoch.
    """
    order = torch.stack([epoch_order(data.n_train, s, epoch) for s in seeds]).to(data.train_x.device)
    for start in range(0, data.n_train, batch_size):
        idx = order[:, start:start + batch_size]
        yield data.train_x[idx], data.train_y[idx]
