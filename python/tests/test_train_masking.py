"""A masked action is never sampled: generated logits (including extreme ones) and masks, many draws."""

from __future__ import annotations

import numpy as np
import torch

from townlet_train.model import MASKED_LOGIT, ActorCritic, ModelConfig, safe_mask, sample_actions


def test_sampling_never_picks_a_masked_action():
    rng = np.random.default_rng(5)
    gen = torch.Generator().manual_seed(5)
    for case in range(200):
        rows, n = int(rng.integers(1, 64)), int(rng.integers(2, 20))
        scale = float(rng.choice([0.01, 1.0, 30.0, 1e4]))
        raw = torch.from_numpy(rng.normal(size=(rows, n)) * scale).float()
        mask = torch.from_numpy((rng.random((rows, n)) < rng.uniform(0.05, 0.9)).astype(np.uint8))
        mask = safe_mask(mask)
        # Masked actions get the policy's masking, whatever their raw logit (a huge one included).
        raw[mask == 0] += 1e6
        logits = torch.where(mask > 0, raw, torch.full_like(raw, MASKED_LOGIT))
        for _ in range(20):
            a = sample_actions(logits, gen)
            assert bool((mask.gather(1, a.unsqueeze(1)) == 1).all()), f"case {case}"


def test_every_allowed_action_is_reachable_and_empty_rows_noop():
    gen = torch.Generator().manual_seed(1)
    model = ActorCritic(ModelConfig(obs_dim=6, n_actions=5, hidden=8))
    mask = torch.tensor([[1, 0, 1, 0, 1]] * 4000 + [[0, 0, 0, 0, 0]], dtype=torch.uint8)
    mask = safe_mask(mask)
    with torch.no_grad():
        logits, _ = model(torch.randn(mask.shape[0], 6), mask)
    a = sample_actions(logits, gen)
    assert set(a[:-1].tolist()) == {0, 2, 4}
    assert int(a[-1]) == 0
