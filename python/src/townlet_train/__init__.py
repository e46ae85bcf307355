"""townlet_train: PPO, behaviour cloning, evaluation, ONNX export and the NDJSON telemetry contract for Townlet-TS.

`python -m townlet_train ppo|bc|eval|export|validate-log ...` (docs/TRAINING.md). Torch runs on the CPU.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
