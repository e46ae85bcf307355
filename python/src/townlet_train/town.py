"""The training town: a YAML config with only the population and the episode length changed."""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from townlet_env._locate import default_config


@dataclass(frozen=True)
class TownSpec:
    """Which town a run trains or evaluates on: the base config, the population and the episode length."""

    config: str
    agents: int
    episode_ticks: int

    def to_dict(self) -> dict[str, object]:
        """As stored in checkpoints: the config relative to the checkout when it lies inside it."""
        d = asdict(self)
        root = Path(default_config()).parent.parent
        try:
            d["config"] = str(Path(self.config).relative_to(root))
        except ValueError:
            pass
        return d


def town_spec(config: str | None, agents: int, episode_ticks: int) -> TownSpec:
    """A TownSpec with an absolute config path (default: the checkout's configs/town.yaml)."""
    if agents < 1:
        raise ValueError(f"--agents: expected an integer >= 1, found {agents}")
    if episode_ticks < 2:
        raise ValueError(f"--episode-ticks: expected an integer >= 2, found {episode_ticks}")
    path = Path(config if config is not None else default_config())
    if not path.is_absolute() and not path.is_file():
        # A checkpoint's config relative to the checkout.
        path = Path(default_config()).parent.parent / path
    path = path.resolve()
    if not path.is_file():
        raise ValueError(f"--config: expected a YAML file, found no file at {path}")
    return TownSpec(str(path), agents, episode_ticks)


def derived_config(spec: TownSpec, folder: str | os.PathLike[str]) -> str:
    """Writes the base config with `env.episode_ticks` set (the population is passed as `--agents`) into `folder`
    and returns its path. The manifest path is made absolute so the copy loads from anywhere."""
    base = Path(spec.config)
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    env = dict(data.get("env") or {})
    env["episode_ticks"] = spec.episode_ticks
    data["env"] = env
    aff = dict(data.get("affordances") or {})
    if "manifest" in aff and not os.path.isabs(aff["manifest"]):
        aff["manifest"] = str((base.parent / aff["manifest"]).resolve())
        data["affordances"] = aff
    text = yaml.safe_dump(data, sort_keys=False)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    Path(folder).mkdir(parents=True, exist_ok=True)
    out = Path(folder) / f"town-{spec.episode_ticks}t-{digest}.yaml"
    if not out.exists():
        out.write_text(text, encoding="utf-8")
    return str(out)
