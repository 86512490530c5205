"""Work shared between threads: what a failing block leaves behind."""

from __future__ import annotations

import threading
import time

import pytest

from registre.workers import awaited_on_failure, in_background


def test_work_a_failing_block_started_in_the_background_is_waited_for() -> None:
    """The saving of a build's state, say: its thread writes files the next build reads."""
    go, finished = threading.Event(), threading.Event()

    def work() -> None:
        go.wait(30)
        time.sleep(0.2)  # still writing when the failure would have gone on without it
        finished.set()

    with pytest.raises(OSError), awaited_on_failure() as background:
        background.append(in_background(work))
        go.set()
        raise OSError("disk full")
    assert finished.is_set()


def test_a_stopped_block_does_not_wait_for_its_work_in_the_background() -> None:
    """Ctrl-C ends the run at once, as promised."""
    go, finished = threading.Event(), threading.Event()

    def work() -> None:
        go.wait(5)
        finished.set()

    with pytest.raises(KeyboardInterrupt), awaited_on_failure() as background:
        background.append(in_background(work))
        raise KeyboardInterrupt
    assert not finished.is_set()
    go.set()
