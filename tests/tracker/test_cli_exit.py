"""What a command's process leaves behind when it ends (``tracker.cli.common._before_exit``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_command_closes_its_database_when_the_process_ends(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    config = tmp_path / "tracker.toml"
    config.write_text("# nothing configured\n", encoding="utf-8")
    env |= {"TRACKER_CONFIG": str(config), "XDG_DATA_HOME": str(tmp_path / "data")}
    database = tmp_path / "db" / "tracker.db"
    for command in (["list"], ["report", "overdue"]):
        subprocess.run(
            [sys.executable, "-m", "tracker.cli.app", "--db", f"sqlite:///{database}", *command],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            check=True,
        )
        # SQLite removes the write-ahead log when the last connection closes: none was left open.
        assert sorted(p.name for p in database.parent.iterdir()) == ["tracker.db"], command
