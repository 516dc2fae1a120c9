"""Subcommands ``data``, ``experiment``, ``profile``, ``figures`` and ``bench``.

``register(subparsers)`` adds them to the main ``vgtheory`` parser.  Every handler imports
torch (and the modules that need it) lazily, so building the parser never imports torch.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Callable, Optional, Sequence

NEED_TORCH = "the empirical layer needs PyTorch: pip install 'vgtheory[torch]'"
PAPER_REGIMES = ("large", "many", "combined", "logistic")  # what "all" runs
REGIMES = PAPER_REGIMES + ("ablation", "scaling", "l2", "relu")
DEFAULT_OUT = "experiments/results/run"


def _error(command: str, message: str) -> int:
    print(f"vgtheory {command}: error: {message}", file=sys.stderr)
    return 2


def _guarded(command: str, needs_torch: bool) -> Callable:
    """Wrap a handler: missing torch or bad input becomes one error line and exit code 2."""

    def wrap(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        def run(args: argparse.Namespace) -> int:
            if needs_torch and importlib.util.find_spec("torch") is None:
                print(NEED_TORCH, file=sys.stderr)
                return 2
            from vgtheory.empirical.data import DataNotFoundError
            from vgtheory.empirical.download import ChecksumError

            try:
                return handler(args)
            except (DataNotFoundError, ChecksumError, FileNotFoundError, ValueError,
                    KeyError, OSError) as exc:
                msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                return _error(command, msg)

        run.__name__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    return wrap


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text}")
    return value


def _at_least_two(text: str) -> int:
    value = int(text)
    if value < 2:
        raise argparse.ArgumentTypeError(f"needs at least 2 seeds for an interval, got {text}")
    return value


INIT_CHOICES = ("uniform", "normal", "he", "glorot", "critical")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (value > 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (0 <= value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a non-negative number, got {text}")
    return value


def _positive_list(convert: Callable[[str], float], kind: str) -> Callable[[str], list]:
    """An argparse type: comma-separated positive values read by ``convert`` (float or int)."""

    def parse(text: str) -> list:
        try:
            values = [convert(t) for t in text.split(",") if t.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected comma-separated {kind}, got {text!r}") from None
        if not values or min(values) <= 0:
            raise argparse.ArgumentTypeError(f"expected positive {kind}, got {text!r}")
        return values

    return parse


_float_list = _positive_list(float, "numbers")
_int_list = _positive_list(int, "integers")


def _setup_torch(args: argparse.Namespace):
    """Device choice, CPU threads and TF32 (recorded in every result's meta)."""
    import torch

    from vgtheory.empirical.ensemble import autoselect_device

    if getattr(args, "threads", None):
        torch.set_num_threads(args.threads)
    device = autoselect_device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = not args.no_tf32
        torch.backends.cudnn.allow_tf32 = not args.no_tf32
        torch.backends.cudnn.benchmark = True  # fixed shapes: let cuDNN pick the fastest kernels
    return device


# --- data ----------------------------------------------------------------------------------------

@_guarded("data", needs_torch=False)
def handle_data(args: argparse.Namespace) -> int:
    """Find CIFAR-10 (or download and verify the official archive) and decode it into the cache."""
    from urllib.error import URLError

    from vgtheory.empirical.data import (
        ENV_DATA, NO_DATA_MESSAGE, DataNotFoundError, default_cache_dir, load_cifar10, locate,
        remember_location
    )
    from vgtheory.empirical.download import fetch_official, resolve_url_md5

    cache = Path(args.cache) if args.cache else default_cache_dir()
    try:
        source = locate(args.data)
        where = args.data
    except DataNotFoundError:
        if args.no_download or args.data:
            raise
        dest = Path(args.dest) if args.dest else cache
        url, md5 = resolve_url_md5(args.url, args.md5)
        print(f"downloading {url} to {dest} ...", file=sys.stderr)
        try:
            fetch_official(dest, url, md5, timeout=args.timeout)
        except (URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            return _error("data", f"download of {url} failed ({reason}); {NO_DATA_MESSAGE}")
        where = str(dest)
        source = locate(where)
    arrays = load_cifar10(where, cache_dir=cache)
    print(f"CIFAR-10 ready: {len(arrays.train_y)} train / {len(arrays.test_y)} test images "
          f"from {source.kind} source {source.path} (decoded cache under {cache / 'decoded'})")
    if where:
        marker = remember_location(Path(where))
        print(f"remembered in {marker}: 'vgtheory experiment' and 'profile' now find it without "
              f"--data (--data or ${ENV_DATA} override it)")
    return 0


# --- experiment -----------------------------------------------------------------------------------

def _hyper_overrides(args: argparse.Namespace) -> dict:
    return {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "lam": args.lam,
            "scale": args.scale, "init_scale": args.init_scale, "width": args.width,
            "activation": args.activation, "init": args.init, "sigma_w": args.sigma_w,
            "sigma_b": args.sigma_b, "weight_mean": args.weight_mean,
            "scales": tuple(args.scales) if args.scales else None, "optimizer": args.optimizer,
            "weight_decay": args.weight_decay, "sgd_lr": args.sgd_lr, "sgd_lam": args.sgd_lam}


@_guarded("experiment", needs_torch=True)
def handle_experiment(args: argparse.Namespace) -> int:
    """Train every setting of a regime (or all regimes) with many stacked seeds."""
    from vgtheory.empirical.regimes import build_regime

    names = list(PAPER_REGIMES) if args.regime == "all" else [args.regime]
    regimes = [build_regime(n, _hyper_overrides(args)) for n in names]
    if args.settings:
        for r in regimes:
            for s in args.settings.split(","):
                r.setting(s)
    from vgtheory.empirical.shards import Shard

    shard = Shard.parse(args.shard) if args.shard else None
    if args.print_config:
        print(json.dumps([r.to_dict() for r in regimes], indent=1))
        return 0

    from vgtheory.empirical.data import load_cifar10
    from vgtheory.empirical.runner import run_regime
    from vgtheory.empirical.tensordata import to_device

    device = _setup_torch(args)
    arrays = load_cifar10(args.data, cache_dir=Path(args.cache) if args.cache else None)
    data = to_device(arrays, device, args.train_subset, args.test_subset)
    seeds = list(range(args.base_seed, args.base_seed + args.seeds))
    print(f"data: {data.n_train} train / {len(data.test_y)} test images from {arrays.source}; "
          f"device {device}; seeds {seeds[0]}..{seeds[-1]}", file=sys.stderr)
    for r in regimes:
        run_regime(r, data, seeds, Path(args.out), device, shard=shard,
                   settings=args.settings.split(",") if args.settings else None,
                   restart=args.restart, keep_checkpoint=args.keep_checkpoints,
                   eval_batch_size=args.eval_batch_size)
    print(f"results under {Path(args.out)}")
    return 0


# --- profile -------------------------------------------------------------------------------------

@_guarded("profile", needs_torch=True)
def handle_profile(args: argparse.Namespace) -> int:
    """Per-layer gradient norms at initialisation (or after --steps) for a regime's settings."""
    from dataclasses import replace

    from vgtheory.empirical.data import load_cifar10, synthetic_arrays
    from vgtheory.empirical.profile import profile_regime
    from vgtheory.empirical.regimes import build_regime
    from vgtheory.empirical.tables import profile_text
    from vgtheory.empirical.storage import write_json_atomic
    from vgtheory.empirical.tensordata import to_device

    regime = build_regime(args.regime, _hyper_overrides(args))
    if args.settings:
        regime = replace(regime, settings=tuple(regime.setting(n) for n in args.settings.split(",")))
    device = _setup_torch(args)
    n_images = max(args.probe, regime.hyper.batch_size * args.steps)
    if args.synthetic:
        arrays = synthetic_arrays(n_images, 16, image_size=32, seed=0)
    else:
        arrays = load_cifar10(args.data, cache_dir=Path(args.cache) if args.cache else None)
    data = to_device(arrays, device, train_subset=n_images, test_subset=16)
    seeds = list(range(args.base_seed, args.base_seed + args.seeds))
    prof = profile_regime(regime, data, seeds, device, steps=args.steps, probe=args.probe,
                          data_label=arrays.source)
    if args.output:
        write_json_atomic(Path(args.output), prof.to_dict())
    print(json.dumps(prof.to_dict(), indent=1) if args.json else profile_text(prof))
    return 0


# --- figures -------------------------------------------------------------------------------------

@_guarded("figures", needs_torch=False)
def handle_figures(args: argparse.Namespace) -> int:
    """Figures 1-3 / appendix C analogs, the runtime table and the claims table."""
    from vgtheory.empirical.figures import write_report
    from vgtheory.empirical.records import load_results

    records = load_results(args.results, partial=args.partial)
    if not records:
        return _error("figures", f"no result files found in {', '.join(args.results)}")
    found = ([Path(args.preregistration)] if args.preregistration else
             [Path(r) / "preregistration.json" for r in args.results
              if (Path(r) / "preregistration.json").is_file()])
    if len(found) > 1:
        return _error("figures", f"several pre-registrations ({', '.join(map(str, found))}); "
                      "analyse one experiment at a time or pass --preregistration")
    prereg = json.loads(found[0].read_text()) if found else None
    if prereg is not None:
        print(f"claims pre-registered in {found[0]}", file=sys.stderr)
    written = write_report(records, Path(args.output), interval=args.interval,
                           preregistration=prereg)
    for path in written.values():
        print(path)
    return 0


# --- bench ---------------------------------------------------------------------------------------

@_guarded("bench", needs_torch=True)
def handle_bench(args: argparse.Namespace) -> int:
    """Stacked-vs-loop training throughput; writes bench.json and bench.png."""
    from vgtheory.empirical.bench import run_benchmark
    from vgtheory.empirical.data import load_cifar10, synthetic_arrays
    from vgtheory.empirical.regimes import build_regime
    from vgtheory.empirical.tensordata import to_device

    device = _setup_torch(args)
    regime = build_regime(args.regime, {"width": args.width})
    setting = regime.settings[0]
    n_images = (args.steps + 2) * args.batch_size
    arrays = (load_cifar10(args.data) if args.data
              else synthetic_arrays(n_images, 16, image_size=32, seed=0))
    data = to_device(arrays, device, train_subset=n_images if args.data else None)
    run_benchmark(setting.model, data, args.seeds, args.steps, args.batch_size,
                  regime.hyper.lam, regime.hyper.lr, device, Path(args.out), log=sys.stderr)
    print(Path(args.out) / "bench.json")
    return 0


# --- registration --------------------------------------------------------------------------------

def _device_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", default="auto", help="auto (CUDA if available), cpu, cuda, cuda:N")
    p.add_argument("--threads", type=_positive_int, help="CPU threads for torch")
    p.add_argument("--no-tf32", action="store_true", help="on CUDA, keep full fp32 matmuls/convs")


def _hyper_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lr", type=float, help="Adam learning rate")
    p.add_argument("--lam", type=float, help="L2 weight lambda in (lambda/2)||w||^2")
    p.add_argument("--optimizer", choices=("adam", "adamw", "sgd"), help="optimizer of every "
                   "setting that does not fix its own: adam (default) or sgd with the L2 penalty "
                   "in the objective (coupled), adamw with lambda as decoupled decay of the kernels")
    p.add_argument("--weight-decay", type=_non_negative_float, help="the l2 regime's AdamW "
                   "decoupled decay (w <- w - lr*decay*w per step)")
    p.add_argument("--sgd-lr", type=_positive_float, help="the l2 regime's SGD learning rate")
    p.add_argument("--sgd-lam", type=_non_negative_float, help="the l2 regime's SGD + L2 lambda")
    p.add_argument("--scale", type=float, help="s of the s-scaled activation")
    p.add_argument("--init-scale", type=float, help="the paper's i.i.d. init: uniform half-width a, "
                   "or normal std, of every parameter")
    p.add_argument("--init", choices=INIT_CHOICES, help="weights law: uniform/normal (with "
                   "--sigma-w: N(mu/fan_in, sigma_w^2/fan_in) or uniform alike), he, glorot, or "
                   "critical (chi1 = 1 for the regime's sigma at --sigma-b)")
    p.add_argument("--sigma-w", type=_positive_float, help="weight scale: Var(w) = sigma_w^2/fan_in")
    p.add_argument("--sigma-b", type=_non_negative_float, help="bias standard deviation (N(0, sigma_b^2))")
    p.add_argument("--weight-mean", type=float, help="mu: weights have mean mu/fan_in (coherent if > 0)")
    p.add_argument("--scales", type=_float_list, help="the s of the 'scaling' regime's settings (1,2,4)")
    p.add_argument("--width", type=_positive_int, help="filters of the first conv block")
    p.add_argument("--activation", help="replace the regime's sigmoid by any activation 'vgtheory "
                   "check' accepts (registry name or formula, e.g. 'x/(1+abs(x))')")


def register(subparsers) -> None:
    """Add the subcommands ``data``, ``experiment``, ``profile``, ``figures``, ``bench``."""
    p = subparsers.add_parser("data", help="download/verify CIFAR-10 and decode it into the cache")
    p.add_argument("--data", help="use this path (dir, .npz or .tar.gz) instead of searching")
    p.add_argument("--dest", help="download directory (default: the cache directory)")
    p.add_argument("--cache", help="cache directory (default: $VGTHEORY_CACHE or ~/.cache/vgtheory)")
    p.add_argument("--url", help="archive URL (default: $VGTHEORY_CIFAR_URL or the official one)")
    p.add_argument("--md5", help="expected md5 (default: $VGTHEORY_CIFAR_MD5 or the official one)")
    p.add_argument("--no-download", action="store_true", help="only look for local data")
    p.add_argument("--timeout", type=float, default=60.0, help="network timeout in seconds")
    p.set_defaults(func=handle_data)

    p = subparsers.add_parser("experiment", help="train a regime's settings over many seeds")
    p.add_argument("regime", choices=REGIMES + ("all",))
    p.add_argument("--seeds", type=_positive_int, default=25, help="seeds per setting (25)")
    p.add_argument("--base-seed", type=int, default=0, help="first seed (0)")
    p.add_argument("--epochs", type=_positive_int, help="epochs (regime default)")
    p.add_argument("--settings", help="comma-separated subset of the regime's settings")
    p.add_argument("--out", default=DEFAULT_OUT, help=f"results directory ({DEFAULT_OUT})")
    p.add_argument("--data", help="CIFAR-10 location (see 'vgtheory data')")
    p.add_argument("--cache", help="decoded-data cache directory")
    p.add_argument("--train-subset", type=_positive_int, help="train on K random images")
    p.add_argument("--test-subset", type=_positive_int, help="evaluate on K random test images")
    p.add_argument("--batch-size", type=_positive_int)
    _hyper_args(p)
    p.add_argument("--eval-batch-size", type=_positive_int, default=1000)
    p.add_argument("--shard", metavar="K/N", help="run only job K of N: the (setting, seed) pairs "
                   "are dealt round-robin over N jobs (e.g. a SLURM array); 'figures' merges them")
    p.add_argument("--restart", action="store_true", help="ignore existing checkpoints/results")
    p.add_argument("--keep-checkpoints", action="store_true", help="keep the last checkpoint")
    p.add_argument("--print-config", action="store_true", help="print the resolved config and exit")
    _device_args(p)
    p.set_defaults(func=handle_experiment)

    p = subparsers.add_parser("profile", help="per-layer gradient norms at initialisation, over seeds")
    p.add_argument("regime", choices=REGIMES)
    p.add_argument("--seeds", type=_at_least_two, default=25, help="seeds per setting (25)")
    p.add_argument("--base-seed", type=int, default=0, help="first seed (0)")
    p.add_argument("--steps", type=_non_negative_int, default=0,
                   help="optimizer steps of training before profiling (0: at initialisation)")
    p.add_argument("--probe", type=_positive_int, default=32,
                   help="images in the probe batch the gradients are taken on (32)")
    p.add_argument("--batch-size", type=_positive_int, help="training batch for --steps")
    p.add_argument("--synthetic", action="store_true", help="generated images instead of CIFAR-10")
    p.add_argument("--settings", help="comma-separated subset of the regime's settings")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("-o", "--output", help="also write the JSON to this file")
    p.add_argument("--data", help="CIFAR-10 location (see 'vgtheory data')")
    p.add_argument("--cache", help="decoded-data cache directory")
    _hyper_args(p)
    _device_args(p)
    p.set_defaults(func=handle_profile, epochs=None)

    p = subparsers.add_parser("figures", help="figures, runtime table and claims table from results")
    p.add_argument("results", nargs="+", help="result JSON files or directories")
    p.add_argument("-o", "--output", required=True, help="output directory")
    p.add_argument("--interval", choices=("t", "bca"), default="t",
                   help="confidence intervals: Student t over seeds (default) or BCa bootstrap")
    p.add_argument("--preregistration", help="the claims file fixing the claims (default: a "
                   "preregistration.json in a results directory)")
    p.add_argument("--partial", action="store_true", help="analyse a sweep still running: merge "
                   "the shards finished for every setting of a regime, leave the others out")
    p.set_defaults(func=handle_figures)

    p = subparsers.add_parser("bench", help="stacked-ensemble vs plain-loop training throughput")
    p.add_argument("--seeds", type=_int_list, default=[1, 5, 25], help="ensemble sizes (1,5,25)")
    p.add_argument("--steps", type=_positive_int, default=20, help="timed steps per measurement")
    p.add_argument("--batch-size", type=_positive_int, default=128)
    p.add_argument("--regime", choices=REGIMES, default="combined", help="network class to time")
    p.add_argument("--width", type=_positive_int, default=32)
    p.add_argument("--data", help="time on real CIFAR-10 (default: synthetic 32x32 images)")
    p.add_argument("--out", default="benchmarks/results", help="output directory")
    _device_args(p)
    p.set_defaults(func=handle_bench)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Stand-alone entry point (``python -m vgtheory.empirical``)."""
    parser = argparse.ArgumentParser(prog="vgtheory", description="vgtheory empirical layer")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)
