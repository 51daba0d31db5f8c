"""Crash safety of the answer file: SIGKILL at random moments while it is being saved never leaves a
corrupt or truncated file, only the previous or the new complete one.

Two levels: (1) 200 forked children that save an interview in a tight loop, each killed at a
random moment, the file checked byte for byte against one of the versions the child could have
written; (2) the real ``ia-maturity assess`` command fed answers that keep changing, killed at
random moments, the file checked with the loader.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ia_maturity.assess.interview import Interview
from ia_maturity.loading import load_answers, load_questionnaire

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
STATES = [
    {"role": ("nobody",)},
    {"role": ("dedicated",), "budget": ("yes",), "leaks": ("charter", "tools", "training")},
    {"role": ("part_time",), "budget": ("no",), "leaks": ("none",), "consumer": ("often",), "sector": ("law",)},
]
NOTE = "save number {i}: " + "x" * 3000  # a longer file makes a torn write more likely to show


def version(mini, path: Path, i: int) -> str:
    interview = Interview(mini, path, "en", answers=dict(STATES[i % len(STATES)]), notes={"role": NOTE.format(i=i)})
    return interview.render()


def _save_forever(mini, path: Path, ready: int) -> None:
    interview = Interview(mini, path, "en")
    i = 0
    while True:
        interview.answers = dict(STATES[i % len(STATES)])
        interview.notes = {"role": NOTE.format(i=i)}
        interview.save()
        if i == 0:
            os.write(ready, b"!")
        i += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    mini = load_questionnaire(MINI)
    path = tmp_path / "answers.yaml"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    kills = 200
    for kill in range(kills):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: save until killed
            os.close(read_end)
            try:
                _save_forever(mini, path, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        assert os.read(read_end, 1) == b"!"
        os.close(read_end)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

        text = path.read_text(encoding="utf-8")
        number = int(text.split("save number ", 1)[1].split(":", 1)[0])
        assert text == version(mini, path, number), f"kill {kill} (seed {seed}): file differs from version {number}"
        assert load_answers(path, mini).answers == STATES[number % len(STATES)]
    # Interrupted saves may leave hidden temporary files (SIGKILL gives no chance to clean up);
    # never anything else, and never in place of the answer file.
    leftovers = {p.name for p in tmp_path.iterdir()} - {"answers.yaml"}
    assert all(name.startswith(".answers.yaml.") and name.endswith(".tmp") for name in leftovers)


def test_sigkill_of_the_real_command_never_leaves_a_broken_file(tmp_path: Path) -> None:
    mini = load_questionnaire(MINI)
    # Respondent details, then answer the first question again and again (3, back, 4, back …):
    # every answer is a save.
    script = tmp_path / "input.txt"
    script.write_text("Acme\n\n\n\n" + "3\nb\n4\nb\n" * 20000, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR",)}
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    path = tmp_path / "a.yaml"
    for kill in range(20):
        path.unlink(missing_ok=True)
        with script.open("rb") as stdin:
            process = subprocess.Popen(
                [sys.executable, "-m", "ia_maturity", "assess", "-q", str(MINI), "--lang", "en", "-o", "a.yaml"],
                cwd=tmp_path, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            )
            # Wait for the first save (start-up time varies), then kill at a random moment.
            while not path.exists() and process.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.2))
            process.send_signal(signal.SIGKILL)
            _, err = process.communicate()
        assert process.returncode == -signal.SIGKILL, err
        saved = load_answers(path, mini)  # raises on a torn or truncated file
        assert saved.respondent["organisation"] == "Acme", f"kill {kill} (seed {seed})"
        assert saved.answers in ({}, {"role": ("part_time",)}, {"role": ("dedicated",)}), f"kill {kill} (seed {seed})"
