"""townlet_env: Python bridge to Townlet-TS (docs/BRIDGE.md).

`TownVecEnv` steps one or more shards as one batch of agent rows with gymnasium's vector API; `TownParallelEnv`
is one shard as a PettingZoo ParallelEnv. Both start `townlet env-server` children and map the tensors the
servers write into one shared-memory file.
"""

from .errors import TownletError, TownletInputError, TownletServerExit
from .parallel_env import TownParallelEnv
from .vec_env import TownVecEnv

__all__ = ["TownVecEnv", "TownParallelEnv", "TownletError", "TownletInputError", "TownletServerExit"]
__version__ = "0.1.0"
