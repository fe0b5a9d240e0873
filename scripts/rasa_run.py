"""Starts `rasa run` with its API token from the environment, so the secret never shows in the process list, and
with the action server's answers checked on a validator built once (scripts/rasa_action_validation.py) and its
SQLite tracker in WAL mode (scripts/rasa_sqlite_tracker.py).

Run with Rasa's own interpreter: .venv-rasa/bin/python scripts/rasa_run.py [rasa run options]. The token is read
from NAVCHAT_RASA_TOKEN and handed to Rasa inside this process (argv is not visible to other users' `ps`).
"""

import os
import sys

import rasa_action_validation
import rasa_sqlite_tracker
from rasa.__main__ import main

if __name__ == "__main__":
    token = os.environ.pop("NAVCHAT_RASA_TOKEN", "")
    if len(token) < 16:
        sys.exit("NAVCHAT_RASA_TOKEN must hold Rasa's API token (at least 16 characters)")
    sys.argv = ["rasa", "run", *sys.argv[1:], "--auth-token", token]
    rasa_action_validation.install()
    rasa_sqlite_tracker.install()
    main()
