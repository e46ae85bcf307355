"""The actor-critic network: observation normalisation, a shared MLP trunk, masked policy logits and a value head."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

#: The logit every masked action gets: exp(MASKED_LOGIT − max) is exactly 0 in float32, so it is never sampled.
MASKED_LOGIT = -1.0e9
#: Normalised observations are clipped to ± this many standard deviations.
OBS_CLIP = 10.0


@dataclass(frozen=True)
class ModelConfig:
    """The network's shape (stored in every checkpoint)."""

    obs_dim: int
    n_actions: int
    hidden: int = 256
    layers: int = 2

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


class ObsNormalizer(nn.Module):
    """Running mean and variance of the observations (Chan's parallel update), kept as buffers so checkpoints and the
    ONNX export carry them."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(dim, dtype=torch.float64))
        self.register_buffer("var", torch.ones(dim, dtype=torch.float64))
        self.register_buffer("count", torch.tensor(1e-4, dtype=torch.float64))

    @torch.no_grad()
    def update(self, batch: torch.Tensor) -> None:
        """Folds a [n, dim] batch into the running statistics."""
        if batch.shape[0] == 0:
            return
        b = batch.to(torch.float64)
        b_mean, b_var, n = b.mean(0), b.var(0, unbiased=False), float(b.shape[0])
        total = self.count + n
        delta = b_mean - self.mean
        self.mean += delta * n / total
        self.var.copy_((self.var * self.count + b_var * n + delta.pow(2) * self.count * n / total) / total)
        self.count.fill_(float(total))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        std = torch.sqrt(self.var + 1e-8).to(obs.dtype)
        return torch.clamp((obs - self.mean.to(obs.dtype)) / std, -OBS_CLIP, OBS_CLIP)


class ActorCritic(nn.Module):
    """`forward(obs, mask)` → (masked logits [n, n_actions], value [n]). A masked action's logit is MASKED_LOGIT."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.norm = ObsNormalizer(cfg.obs_dim)
        layers: list[nn.Module] = []
        width = cfg.obs_dim
        for _ in range(cfg.layers):
            layers += [nn.Linear(width, cfg.hidden), nn.Tanh()]
            width = cfg.hidden
        self.trunk = nn.Sequential(*layers)
        self.policy = nn.Linear(width, cfg.n_actions)
        self.value = nn.Linear(width, 1)
        for m in self.trunk:
            if isinstance(m, nn.Linear):
                nn.init.orthogonal_(m.weight, gain=2**0.5)
                nn.init.zeros_(m.bias)
        # Small policy weights start near-uniform over the mask; the value head at unit scale.
        nn.init.orthogonal_(self.policy.weight, gain=0.01)
        nn.init.zeros_(self.policy.bias)
        nn.init.orthogonal_(self.value.weight, gain=1.0)
        nn.init.zeros_(self.value.bias)

    def forward(self, obs: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.trunk(self.norm(obs))
        logits = self.policy(h)
        logits = torch.where(mask > 0, logits, torch.full_like(logits, MASKED_LOGIT))
        return logits, self.value(h).squeeze(-1)


def safe_mask(mask: torch.Tensor) -> torch.Tensor:
    """The mask with noop (action 0) allowed in rows that allow nothing (empty slots), so every row has a choice."""
    empty = mask.sum(dim=1) == 0
    if bool(empty.any()):
        mask = mask.clone()
        mask[empty, 0] = 1
    return mask


def sample_actions(logits: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """One action per row from softmax(logits) (masked actions have probability exactly 0), via inverse CDF with
    the given generator so runs are seeded."""
    probs = torch.softmax(logits, dim=-1)
    u = torch.rand(probs.shape[0], 1, generator=generator, dtype=probs.dtype)
    cdf = probs.cumsum(dim=-1)
    # The first index whose CDF exceeds u: its probability is > 0 (u ∈ [0, 1)).
    actions = (cdf <= u * cdf[:, -1:]).sum(dim=-1)
    # Rounding can push the index onto a zero-probability tail: fall back to the most likely action there.
    bad = probs.gather(1, actions.clamp(max=probs.shape[1] - 1).unsqueeze(1)).squeeze(1) <= 0
    actions = actions.clamp(max=probs.shape[1] - 1)
    if bool(bad.any()):
        actions[bad] = probs[bad].argmax(dim=-1)
    return actions


def log_probs_entropy(logits: torch.Tensor, actions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """log π(a|s) of the given actions and the policy's entropy per row (masked actions contribute 0)."""
    logp_all = torch.log_softmax(logits, dim=-1)
    probs = logp_all.exp()
    entropy = -(probs * logp_all).sum(dim=-1)
    return logp_all.gather(1, actions.long().unsqueeze(1)).squeeze(1), entropy
