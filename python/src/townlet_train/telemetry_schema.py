"""The PPO telemetry NDJSON contract, v1.0 and v1.1 (reference 001 §2.10; docs/TRAINING.md "Telemetry").

One JSON object per line, one line per epoch summary (a rollout/train cycle of PPO, a pass over the dataset of
behaviour cloning). The field lists below are the contract; the writer and the validator both read them.
"""

from __future__ import annotations

#: Every epoch summary, both versions: name → allowed JSON types.
BASE_FIELDS: dict[str, tuple[type, ...]] = {
    "telemetry_version": (str,),
    "epoch": (int,),
    "updates": (int,),
    "transitions": (int,),
    "steps": (int,),
    "loss_policy": (int, float),
    "loss_value": (int, float),
    "loss_entropy": (int, float),
    "loss_total": (int, float),
    "clip_fraction": (int, float),
    "adv_mean": (int, float),
    "adv_std": (int, float),
    "grad_norm": (int, float),
    "kl_divergence": (int, float),
    "lr": (int, float),
    # Rivalry telemetry collapsed over the epoch's rollout (averages of per-tick aggregates over live agents).
    "conflict.rivalry_max_mean_avg": (int, float),
    "conflict.rivalry_max_max_avg": (int, float),
    "conflict.rivalry_avoid_count_mean_avg": (int, float),
    "conflict.rivalry_avoid_count_max_avg": (int, float),
}

#: The fields v1.1 adds; a v1.0 payload carries none of them.
V11_FIELDS: dict[str, tuple[type, ...]] = {
    "epoch_duration_sec": (int, float),
    "data_mode": (str,),
    "cycle_id": (int,),
    "batch_entropy_mean": (int, float),
    "batch_entropy_std": (int, float),
    "grad_norm_max": (int, float),
    "kl_divergence_max": (int, float),
    "reward_advantage_corr": (int, float),
    "rollout_ticks": (int,),
    "log_stream_offset": (int,),
}

#: Present together when the dataset provides a baseline (all four), absent together otherwise.
BASELINE_FIELDS: dict[str, tuple[type, ...]] = {
    "baseline_sample_count": (int,),
    "baseline_reward_mean": (int, float),
    "baseline_reward_sum": (int, float),
    "baseline_reward_sum_mean": (int, float),
}
#: Optional beside the baseline fields (only with them).
BASELINE_OPTIONAL: dict[str, tuple[type, ...]] = {"baseline_log_prob_mean": (int, float)}

DATA_MODES = ("replay", "rollout", "mixed")
VERSIONS = ("1.0", "1.1")
