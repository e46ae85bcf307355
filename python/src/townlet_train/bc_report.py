"""`python -m townlet_train.bc_report CHECKPOINT CAPTURE [CAPTURE ...]`: how well a policy imitates a capture of
the scripted policy, per recorded action: its share of the samples, the policy's argmax accuracy, the mean
probability it gives the recorded action, and the action it is most often mistaken for (docs/TRAINING.md,
"Why BC fell short")."""

from __future__ import annotations

import argparse

import numpy as np
import torch

from .capture_data import load_captures
from .checkpoint import load_checkpoint


def action_report(model: torch.nn.Module, obs: np.ndarray, masks: np.ndarray, actions: np.ndarray,
                  n_actions: int, batch: int = 8192) -> tuple[np.ndarray, np.ndarray]:
    """(confusion counts [recorded, argmax], mean probability of the recorded action per recorded action)."""
    confusion = np.zeros((n_actions, n_actions), dtype=np.int64)
    p_sum = np.zeros(n_actions)
    with torch.no_grad():
        for s in range(0, len(actions), batch):
            logits, _ = model(torch.from_numpy(obs[s:s + batch]), torch.from_numpy(masks[s:s + batch]))
            a = actions[s:s + batch]
            np.add.at(confusion, (a, logits.argmax(1).numpy()), 1)
            p_true = torch.softmax(logits, 1).gather(1, torch.from_numpy(a)[:, None])[:, 0].numpy()
            np.add.at(p_sum, a, p_true)
    counts = confusion.sum(axis=1)
    return confusion, p_sum / np.maximum(counts, 1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m townlet_train.bc_report", description=__doc__)
    p.add_argument("checkpoint")
    p.add_argument("capture", nargs="+")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    model, meta, _ = load_checkpoint(args.checkpoint)
    data = load_captures(args.capture, 0.995)
    names = list(meta["action_names"])
    confusion, p_true = action_report(model, data.obs, data.masks, data.actions, len(names))
    n = int(confusion.sum())
    print(f"{n} samples: argmax accuracy {np.trace(confusion) / n:.3f}, "
          f"mean p(recorded) {float((p_true * confusion.sum(1)).sum() / n):.3f}")
    print(f"{'action':<16} {'share':>7} {'argmax acc':>10} {'p(rec)':>7}  most often taken for")
    for i, name in enumerate(names):
        row = confusion[i]
        if row.sum() == 0:
            continue
        wrong = row.copy()
        wrong[i] = 0
        other = f"{names[int(wrong.argmax())]} ({wrong.max() / row.sum():.1%})" if wrong.any() else "—"
        print(f"{name:<16} {row.sum() / n:>7.2%} {row[i] / row.sum():>10.3f} {p_true[i]:>7.3f}  {other}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
