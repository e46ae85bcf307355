"""TownVecEnv: shapes and semantics, bad action arrays (checked on both sides), episode ends and autoreset."""

from __future__ import annotations

import numpy as np
import pytest

from townlet_env import TownletError, TownletInputError, TownVecEnv


@pytest.fixture
def env(write_config):
    e = TownVecEnv(config=write_config("small", 12, episode_ticks=8), seed=3, num_envs=2)
    yield e
    e.close()


def test_reset_and_step_return_the_vector_api(env):
    obs, infos = env.reset(seed=10)
    rows = 2 * env.capacity
    assert env.rows == rows and obs.shape == (rows, env.obs_dim) and obs.dtype == np.float32
    assert infos["action_mask"].shape == (rows, env.n_actions) and infos["action_mask"].dtype == np.uint8
    assert infos["alive"].dtype == np.uint8 and infos["alive"].sum() == 24
    # ids count from 1 in slot order within each shard
    assert infos["agent_id"].tolist() == list(range(1, 13)) * 2
    obs, rewards, terms, truncs, infos = env.step(np.zeros(rows, dtype=np.int32))
    assert rewards.shape == (rows,) and rewards.dtype == np.float32
    assert terms.dtype == np.bool_ and truncs.dtype == np.bool_ and not truncs.any()
    assert infos["episode_tick"].tolist() == [1, 1]


def test_seeds_give_each_shard_its_own_town_and_repeat(env):
    obs, _ = env.reset(seed=10)
    first = obs.copy()
    cap = env.capacity
    assert not np.array_equal(first[:cap], first[cap:])  # shards 10 and 11 differ
    obs, _ = env.reset(seed=10)
    assert np.array_equal(obs, first)


@pytest.mark.parametrize(
    "bad, message",
    [
        (lambda rows: np.zeros(rows - 1, dtype=np.int32), "expected shape"),
        (lambda rows: np.zeros((rows, 1), dtype=np.int32), "expected shape"),
        (lambda rows: np.zeros(rows, dtype=np.float32), "integer dtype"),
        (lambda rows: np.full(rows, 99, dtype=np.int32), "action id in [0, "),
        (lambda rows: np.concatenate([np.zeros(rows - 1, np.int64), [-1]]), "found -1"),
        (lambda rows: list(range(rows)), "numpy int32 array"),
    ],
)
def test_bad_action_arrays_raise_value_error_and_step_nothing(env, bad, message):
    env.reset(seed=4, options={"hash": True})
    before = env.last_hashes
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        env.step(bad(env.rows))
    # nothing was stepped: a good step now is the first step of the episode
    _, _, _, _, infos = env.step(np.zeros(env.rows, dtype=np.int32))
    assert infos["episode_tick"].tolist() == [1, 1]
    assert env.last_hashes != before


def test_the_server_checks_actions_too(env):
    """A client that skips the Python check (writes the shared buffer itself) still gets a ValueError, and the
    server steps nothing."""
    env.reset(seed=4, options={"hash": True})
    before = env.last_hashes
    bridge = env._bridge
    bridge.arrays["actions"][:] = 0
    bridge.arrays["actions"][env.capacity + 3] = env.n_actions  # shard 1, row 3
    with pytest.raises(TownletInputError, match=r"actions\[3\]: expected an action id in \[0, \d+\], found \d+"):
        bridge.step(hash=True)
    bridge.arrays["actions"][:] = 0
    replies = bridge.reset([4, 5], hash=True)
    assert [r["hash"] for r in replies] == before


def test_episode_end_truncates_live_rows_then_requires_reset(env):
    env.reset(seed=1)
    zeros = np.zeros(env.rows, dtype=np.int32)
    for _ in range(7):
        _, _, _, truncs, _ = env.step(zeros)
        assert not truncs.any()
    _, _, _, truncs, infos = env.step(zeros)
    assert np.array_equal(truncs, infos["alive"] == 1) and truncs.any()
    with pytest.raises(TownletError, match="episode is over"):
        env.step(zeros)
    _, infos = env.reset()
    assert infos["episode_tick"].tolist() == [0, 0]


def test_autoreset_resets_finished_shards_in_the_same_step(write_config):
    config = write_config("small", 10, episode_ticks=5)
    env = TownVecEnv(config=config, seed=20, num_envs=2, autoreset=True)
    fresh = TownVecEnv(config=config, seed=22, num_envs=2)  # the seeds an autoreset moves on to: 20+2, 21+2
    try:
        env.reset()
        zeros = np.zeros(env.rows, dtype=np.int32)
        for _ in range(4):
            _, _, _, truncs, infos = env.step(zeros)
            assert "autoreset" not in infos
        final_alive = infos["alive"].copy()
        obs, rewards, terms, truncs, infos = env.step(zeros)
        assert infos["autoreset"].tolist() == [True, True]
        assert np.array_equal(truncs, final_alive == 1)  # the last step's flags survive the reset
        assert infos["episode_tick"].tolist() == [0, 0]
        assert infos["final_obs"].shape == obs.shape and not np.array_equal(infos["final_obs"], obs)
        first_obs, first_infos = fresh.reset()
        assert np.array_equal(obs, first_obs)
        assert np.array_equal(infos["action_mask"], first_infos["action_mask"])
        _, _, _, _, infos = env.step(zeros)  # the new episode goes on
        assert infos["episode_tick"].tolist() == [1, 1]
    finally:
        env.close()
        fresh.close()


def test_step_before_reset_is_refused(env):
    with pytest.raises(TownletError, match="reset"):
        env.step(np.zeros(env.rows, dtype=np.int32))


def test_rows_are_slots_through_deaths_and_respawns(write_config):
    """A terminated row is empty (alive 0) until a replacement spawns under a new, larger id with ctx_reset 1."""
    env = TownVecEnv(config=write_config("churn", 10, episode_ticks=60), seed=8)
    try:
        obs, infos = env.reset()
        spec = env.observation_spec
        ctx_reset = spec["slices"]["features"][0] + spec["featureNames"].index("ctx_reset_flag")
        ids = infos["agent_id"].copy()
        highest = int(ids.max())
        emptied, refilled = 0, 0
        zeros = np.zeros(env.rows, dtype=np.int32)
        for _ in range(60):
            was_alive = infos["alive"].copy()
            obs, _, terms, _, infos = env.step(zeros)
            alive, now = infos["alive"], infos["agent_id"]
            assert not (terms & (was_alive == 0)).any()  # only a live agent can terminate
            assert (alive[terms] == 0).all()  # and its slot is empty right after
            emptied += int(terms.sum())
            new = (alive == 1) & (now != ids)
            for row in np.flatnonzero(new):
                assert was_alive[row] == 0 and now[row] > highest
                assert obs[row, ctx_reset] == 1.0
                highest = int(now[row])
                refilled += 1
            ids = now.copy()
        assert emptied > 0 and refilled > 0
    finally:
        env.close()


def test_uint8_maps_carry_the_float32_values(write_config, tmp_path):
    """observations.map_dtype uint8: obs is {"map": uint8 [rows, C, H, W], "features": float32 [rows, F]} and holds
    exactly the values of the float32 layout for the same seed and actions."""
    plain = write_config("small", 16, episode_ticks=30)
    packed = tmp_path / "uint8.yaml"
    packed.write_text(open(plain).read() + "observations: { map_dtype: uint8 }\n")
    a = TownVecEnv(config=plain, seed=4)
    b = TownVecEnv(config=str(packed), seed=4)
    try:
        spec = b.observation_spec
        side, channels = spec["window"], len(spec["channels"])
        fa, _ = a.reset(seed=4)
        fb, _ = b.reset(seed=4)
        rng = np.random.default_rng(1)
        for _ in range(12):
            assert isinstance(fb, dict) and fb["map"].dtype == np.uint8 and fb["features"].dtype == np.float32
            assert fb["map"].shape == (b.rows, channels, side, side)
            map_size = channels * side * side
            assert np.array_equal(fb["map"].reshape(b.rows, map_size).astype(np.float32), fa[:, :map_size])
            assert np.array_equal(fb["features"], fa[:, map_size:])
            actions = rng.integers(0, a.n_actions, a.rows, dtype=np.int32)
            fa, *_ = a.step(actions)
            fb, *_ = b.step(actions)
        assert b.single_observation_space["map"].dtype == np.uint8
    finally:
        a.close()
        b.close()
