"""`python -m townlet_train ppo|bc|eval|export|validate-log ...` (docs/TRAINING.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import bc, evaluate, export, ppo
from .validate_log import LogError, validate_log

#: Exit code of bad input (a bad option, file or log line), as the townlet CLI.
EXIT_INPUT = 2


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("prefix", help="telemetry file prefix: PREFIX, PREFIX.1, PREFIX.2, … are checked in order")


def _validate_run(args: argparse.Namespace) -> int:
    lines = validate_log(args.prefix)
    print(f"ok: {lines} lines valid", flush=True)
    return 0


COMMANDS = {
    "ppo": (ppo.add_arguments, ppo.run, "train a policy with PPO on a town"),
    "bc": (bc.add_arguments, bc.run, "behaviour cloning from `townlet capture` rollouts"),
    "eval": (evaluate.add_arguments, evaluate.run, "evaluate checkpoints (and baselines) on held-out seeds"),
    "export": (export.add_arguments, export.run, "export a checkpoint to ONNX and check it with onnxruntime"),
    "validate-log": (_validate_args, _validate_run, "check a rotated NDJSON telemetry set (exit 2 on a bad line)"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per command."""
    parser = argparse.ArgumentParser(prog="python -m townlet_train", description=__doc__)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads (default 1: on a shared machine idle threads spin and starve the env)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add, _, help_text) in COMMANDS.items():
        add(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; bad input prints `error: …` on stderr and returns 2."""
    args = build_parser().parse_args(argv)
    if args.threads < 1:
        print(f"--threads: expected an integer >= 1, found {args.threads}", file=sys.stderr)
        return EXIT_INPUT
    import torch

    torch.set_num_threads(args.threads)
    try:
        return COMMANDS[args.command][1](args)
    except LogError as err:
        print(f"validate-log: {err}", file=sys.stderr)
        return EXIT_INPUT
    except ValueError as err:
        print(f"{args.command}: {err}", file=sys.stderr)
        return EXIT_INPUT
