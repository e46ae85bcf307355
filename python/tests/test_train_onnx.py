"""ONNX export: the fixed signature, a dynamic batch and parity with torch (max abs diff <= 1e-5)."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import torch

from townlet_train.export import export_onnx, parity
from townlet_train.model import MASKED_LOGIT, ActorCritic, ModelConfig


def test_export_matches_torch_on_any_batch(tmp_path):
    torch.manual_seed(0)
    model = ActorCritic(ModelConfig(obs_dim=40, n_actions=7, hidden=32))
    model.norm.update(torch.randn(500, 40) * 3 + 1)
    path = export_onnx(model, tmp_path / "p.onnx", {"kind": "ppo", "config_id": "x", "seed": 1, "git_commit": "c",
                                                    "town": {}})
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["observations", "action_mask"]
    assert [o.name for o in session.get_outputs()] == ["logits", "value"]
    for batch in (1, 37, 256):
        assert parity(model, path, batch, seed=batch) <= 1e-5
    mask = np.zeros((3, 7), dtype=np.uint8)
    mask[:, 2] = 1
    logits, value = session.run(None, {"observations": np.ones((3, 40), np.float32), "action_mask": mask})
    assert logits.shape == (3, 7) and value.shape == (3,)
    assert (logits[:, [0, 1, 3, 4, 5, 6]] == np.float32(MASKED_LOGIT)).all()
    assert (logits[:, 2] > MASKED_LOGIT).all()
