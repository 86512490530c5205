"""Work in forked processes and threads, stopped within moments by Ctrl-C or SIGTERM.

A signal's exception can be lost (raised inside an at-fork hook or a finalizer, Python
only prints it), so the handlers also record the stop, and every wait here checks it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import multiprocessing
import signal
import threading
from typing import Any, Callable, Iterable, Iterator, TypeVar

Result = TypeVar("Result")
POLL_SECONDS = 0.2


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled, `kill`), handled as Ctrl-C is."""


_stopped: list[type[KeyboardInterrupt]] = []


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """Let Ctrl-C and SIGTERM stop what runs inside, through the waits of this module."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        kind = Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        _stopped.append(kind)
        raise kind

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _stopped.clear()


def check_stop() -> None:
    """Raise the stop a signal asked for, if its own exception was lost."""
    if _stopped:
        raise _stopped[0]


def collect_rarely() -> None:
    """For a process of the build: it makes millions of objects that live to its end, and few
    cycles; collecting every 700 allocations walked them again and again (a third of grouping
    the acts, a quarter of ranking a bundle)."""
    gc.set_threshold(100_000, 50, 100)


@contextlib.contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """No collection while the block makes millions of objects that hold no cycle (each collection
    would walk them again); with `freeze`, they last the build: the collections that follow leave them
    alone too. Threads pausing at once leave the collector on once the first to pause has ended."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(function: Callable[..., Result], arguments: Iterable[tuple[Any, ...]], jobs: int, meanwhile: Callable[[], object] | None = None) -> list[Result]:
    """`function(*a)` for each tuple of arguments, in `jobs` forked processes; the results in order.
    `meanwhile()` is done in this process while they work.

    Forked, the workers share what the parent loaded without copying it. Leaving the
    pool terminates them: a stopped run does not wait for them to finish their share.
    """
    # A signal's exception inside the pool's making or ending would leave it half made or half
    # ended: signals wait for those moments to pass, and stop the run just after.
    with _signals_held():
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_leave_signals_to_the_parent)
    try:
        pending = pool.starmap_async(function, arguments)
        if meanwhile is not None:
            meanwhile()
        while not pending.ready():
            check_stop()
            pending.wait(POLL_SECONDS)
        check_stop()
        return pending.get()
    finally:
        with _signals_held():
            pool.terminate()


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while multiprocessing makes its objects, then delivered.

    Raised in the middle of a finalizer's making (`multiprocessing.util.Finalize`), the
    stop leaves one without its key, and Python prints a traceback when the program ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _leave_signals_to_the_parent() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent ends the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: terminated means gone
    # Forked while they were held back: let them in only now, a Ctrl-C that came meanwhile ignored,
    # never raised by the parent's handler the worker was born with.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def in_background(function: Callable[[], Result]) -> Callable[..., Result]:
    """Start `function()` in a thread of its own (while another process works: Pagefind);
    return what waits for its result (raising its exception)."""
    future: concurrent.futures.Future[Result] = concurrent.futures.Future()

    def work() -> None:
        try:
            future.set_result(function())
        except BaseException as exc:  # handed to the waiting thread
            future.set_exception(exc)

    threading.Thread(target=work, daemon=True).start()
    return future.result


@contextlib.contextmanager
def awaited_on_failure() -> Iterator[list[Callable[[], object]]]:
    """Should the block fail, wait first for the work it started in the background (the `in_background`
    results it appends): that thread writes files the next run reads, and would go on alone. Not when
    the run is stopped (Ctrl-C, SIGTERM): it ends at once."""
    started: list[Callable[[], object]] = []
    try:
        yield started
    except Exception:
        for result in started:
            with contextlib.suppress(Exception):
                result()
        raise


def run_in_thread(function: Callable[[], Result], on_stop: Callable[[], None]) -> Result:
    """`function()` in a thread of its own; when the run is stopped, `on_stop()` and raise.

    A daemon thread: one stuck for good (a lock a lost signal left held) does not keep
    the program from ending.
    """
    return wait_for(in_background(function), on_stop)


def wait_for(result: Callable[[float], Result], on_stop: Callable[[], None]) -> Result:
    """What `in_background` returned, waited for; when the run is stopped meanwhile, `on_stop()` and raise."""
    try:
        while True:
            check_stop()
            with contextlib.suppress(concurrent.futures.TimeoutError):
                return result(POLL_SECONDS)
    except KeyboardInterrupt:
        on_stop()
        raise
