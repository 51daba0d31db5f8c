"""The interactive assessment: ``interview`` holds its state, moves and answer file (no terminal),
``terminal`` the ``assess`` command that drives it on a terminal or through piped input."""
