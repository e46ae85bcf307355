"""Errors the bridge raises."""


class TownletError(RuntimeError):
    """An env server refused a request because of its state, or failed inside the shard; the message is the server's."""


class TownletServerExit(TownletError):
    """An env server process ended while the bridge still needed it (the message carries its stderr tail)."""


class TownletInputError(TownletError, ValueError):
    """Bad input (actions, seeds, arguments), found by the bridge or by a server: nothing was stepped."""
