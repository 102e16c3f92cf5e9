"""Work shared with forked worker processes, so a full build uses every core.

A build of a few hundred articles spends most of its time in loops over independent items
(articles, pages, runs of text) in pure Python, on one core. `split_map` cuts such a loop into
consecutive shares of about equal cost: this process does the first while each forked worker does
one of the others, and the results come back in the loop's order. A worker also sends what it
logged (logged again here, in order) and what it memoised (republish.memo: the next save keeps
it), so the build's output, messages and memo files are those of one process doing it all.

A worker that fails or dies sends nothing: its share is then done here, where an error is raised
as it would have been without workers. Nothing is shared while serving (the incremental caches
live in this process), below `Sharing.least` (a worker's start and memory cost more than it saves),
where `fork` does not exist, or from a process running other threads.

A job that needs little of the build's memory can instead run in a fresh interpreter (`spawn`):
a forked worker starts with all of the build's memory and copies much of what it reads, which a
process tree's peak of memory counts twice.
"""

from __future__ import annotations

import gc
import logging
import mmap
import multiprocessing
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from . import incremental, memo

T = TypeVar("T")
R = TypeVar("R")
DEFAULT_LEAST = 1_000_000   # work (in about µs) from which a loop is shared: a second of it

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sharing:
    """How many processes may share a loop, and the least work worth sharing. Work is counted in
    about microseconds on this machine's kind: a character of Markdown rendered or of a download
    written is one, a character converted by OpenCC three, a page's template 20 000."""
    processes: int = 1
    least: int = DEFAULT_LEAST

    def applies(self, total_cost: int) -> bool:
        return (self.processes > 1 and total_cost >= self.least and can_fork()
                and not incremental.store().enabled)


def available_processes() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # not Linux
        return os.cpu_count() or 1


def release_free_memory() -> None:
    """Collect garbage and give the C heap's free pages back to the system (glibc's malloc_trim):
    a process forked next starts without them, and a process tree's peak counts them once less.
    Elsewhere than glibc, only the collection."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None (Windows, where CDLL(None) is a TypeError; musl, macOS, BSD,
    which have none; a Python without ctypes)."""
    try:
        import ctypes
        return ctypes.CDLL(None).malloc_trim
    except Exception:           # whatever the platform raises: the collection alone is done
        return None


_MALLOC_TRIM = _malloc_trim()


def can_fork() -> bool:
    """Forking is safe here: the platform has it and no other thread holds a lock the child
    would inherit."""
    return hasattr(os, "fork") and threading.active_count() == 1


def shares(costs: Sequence[int], processes: int) -> list[range]:
    """Consecutive runs of items, one per process, of about equal total cost: the first for this
    process (it starts on them at once), the others for workers. Never an empty run."""
    total, runs, start = sum(costs), [], 0
    for number in range(1, processes):
        goal, done, end = total * number / processes, sum(costs[:start]), start
        while end < len(costs) - (processes - number) and done + costs[end] / 2 <= goal:
            done += costs[end]
            end += 1
        if end > start:
            runs.append(range(start, end))
            start = end
    runs.append(range(start, len(costs)))
    return [run for run in runs if len(run)]


class Claims:
    """Who does each item of a loop whose items cost what no estimate foretells (a page's
    Markdown, its template): this process takes them from the front, in the loop's order, as the
    loop reaches them; workers take them from the back, one at a time, until the two meet. Every
    process then finishes at about the same moment, however the work was spread (a static split
    by estimated cost left one process waiting two seconds in three at 200 articles).

    The counters live in memory shared with the forked workers, behind one lock; made before
    forking. Item i's owner is 0 (this process) or the number of the worker that took it."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._lock = multiprocessing.get_context("fork").Lock()
        self._memory = mmap.mmap(-1, 4 * (count + 2))
        self._cells = memoryview(self._memory).cast("i")    # front, back, then each item's owner
        self._cells[0], self._cells[1] = 0, count

    def take_front(self, index: int) -> int:
        """The loop reached item `index`: 0 if this process is to do it (no worker took it),
        else the number of the worker that did."""
        with self._lock:
            if index < self._cells[1]:
                self._cells[0] = max(self._cells[0], index + 1)
                return 0
            return self._cells[2 + index]

    def take_back(self, worker: int) -> int | None:
        """For worker `worker` (1 or more): the last item nobody took yet, or None when none is left."""
        with self._lock:
            if self._cells[1] <= self._cells[0]:
                return None
            self._cells[1] -= 1
            index = self._cells[1]
            self._cells[2 + index] = worker
            return index

    def taken_by(self, worker: int) -> list[int]:
        """The items worker `worker` took, in the loop's order."""
        with self._lock:
            back = self._cells[1]
            return [i for i in range(back, self.count) if self._cells[2 + i] == worker]


_CURRENT = Sharing()     # the build's (set around it by `shared`); one process by default


@contextmanager
def shared(sharing: Sharing) -> Iterator[None]:
    """Within this block, split_map shares its loops as `sharing` says (a build sets its own)."""
    global _CURRENT
    before, _CURRENT = _CURRENT, sharing
    try:
        yield
    finally:
        _CURRENT = before


def current() -> Sharing:
    """How the build in progress shares its loops."""
    return _CURRENT


def split_map(function: Callable[[T], R], items: Sequence[T], costs: Sequence[int],
              sharing: Sharing | None = None) -> list[R]:
    """[function(item) for item in items], shared with workers when the costs (about µs each)
    add up to enough; by default as the build in progress says (`shared`)."""
    sharing = sharing or _CURRENT
    if not sharing.applies(sum(costs)):
        return [function(item) for item in items]
    runs = shares(costs, sharing.processes)
    def share(run: range) -> Callable[[], list[R]]:
        return lambda: [function(items[i]) for i in run]

    started = [(run, fork(share(run))) for run in runs[1:]]
    results = [function(items[i]) for i in runs[0]]
    for run, worker in started:
        sent = worker.result() if worker is not None else None
        results += sent if sent is not None else [function(items[i]) for i in run]
    return results


# -----------------------------------------------------------------------------
# Messages
# -----------------------------------------------------------------------------

@dataclass
class Record:
    """A message a worker logged, to be logged again by the build."""
    name: str
    level: int
    message: str

    def replay(self) -> None:
        logger = logging.getLogger(self.name)
        logger.handle(logger.makeRecord(self.name, self.level, "(worker)", 0, self.message, (), None))


class _Capture(logging.Handler):
    """Every message that reaches a handler in a worker, once, instead of printing it."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[Record] = []
        self.seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) not in self.seen:
            self.seen.add(id(record))
            self.records.append(Record(record.name, record.levelno, record.getMessage()))

    def take(self) -> list[Record]:
        records, self.records, self.seen = self.records, [], set()
        return records


_CAPTURE: _Capture | None = None     # in a worker: what it logged and has not yet handed over


def messages() -> list[Record]:
    """In a worker, what it logged since the last call (a job that sends messages per item
    takes them itself); in the build, nothing."""
    return _CAPTURE.take() if _CAPTURE is not None else []


def _capture_logs() -> _Capture:
    """In a worker: every logger's handlers replaced by one that keeps the messages."""
    capture = _Capture()
    root = logging.getLogger()
    for logger in [root, *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger) and (logger.handlers or logger is root):
            logger.handlers = [capture]
    return capture


# -----------------------------------------------------------------------------
# One worker
# -----------------------------------------------------------------------------

@dataclass
class Worker(Generic[T]):
    """A forked process doing one job; its result once, when asked for."""
    pid: int
    reader: BinaryIO
    done: bool = False

    def result(self) -> T | None:
        """The job's result, its messages logged and its memo entries taken in; None if the
        worker failed or died (the caller then does the job itself)."""
        try:
            value, records, memos = pickle.load(self.reader)
        except Exception as error:      # a worker that failed leaves an empty or cut pipe
            log.debug("A worker's results were lost (%s); its share is done by the build", error)
            return None
        finally:
            self.close()
        memo.active().merge_worker(memos)
        for record in records:
            record.replay()
        result: T = value
        return result

    def close(self) -> None:
        """Wait for the process (its result, if not taken, is dropped)."""
        if self.done:
            return
        self.done = True
        self.reader.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def fork(job: Callable[[], T]) -> Worker[T] | None:
    """A worker doing `job` (None if no process could be started: the caller does it)."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as error:
        os.close(read_end)
        os.close(write_end)
        log.debug("No worker (%s): the build does its share", error)
        return None
    if pid == 0:                        # the worker: never returns to the caller
        os.close(read_end)
        _run(job, write_end)
    os.close(write_end)
    return Worker(pid, os.fdopen(read_end, "rb"))


def _run(job: Callable[[], Any], write_end: int) -> None:
    global _CAPTURE
    code = 1
    try:
        _CAPTURE = _capture_logs()
        memo.active().start_worker()
        value = job()
        with os.fdopen(write_end, "wb") as out:
            pickle.dump((value, _CAPTURE.take(), memo.active().worker_entries()), out,
                        protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)      # no atexit handlers, no flushing of the build's buffers


# -----------------------------------------------------------------------------
# A service: one function asked, call after call, in a forked process
# -----------------------------------------------------------------------------

class Service(Generic[T, R]):
    """`function`, called in a forked process: what it loads (a large dictionary) stays out of
    this process, and out of every worker forked from it, and is gone when the service closes.
    A call that fails there, or finds the service gone, is made here instead; so is a call from
    any other process than the one that started it (a forked worker shares its pipes)."""

    def __init__(self, function: Callable[[T], R]) -> None:
        self.function = function
        self.enabled = True             # False: every call is made here
        self.owner = os.getpid()
        self._pid: int | None = None
        self._to: BinaryIO | None = None
        self._from: BinaryIO | None = None
        self._failed = False
        self.starts = 0                 # how many times a process was started (for tests)

    def __call__(self, argument: T) -> R:
        if not self.enabled or os.getpid() != self.owner or not self._running():
            return self.function(argument)
        assert self._to is not None and self._from is not None
        try:
            pickle.dump(argument, self._to, protocol=pickle.HIGHEST_PROTOCOL)
            self._to.flush()
            answered, value = pickle.load(self._from)
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            log.debug("The service stopped (%s): its calls are made here", error)
            self.close()
            self._failed = True
            return self.function(argument)
        return value if answered else self.function(argument)

    def _running(self) -> bool:
        if self._pid is None and not self._failed:
            self._start()
        return self._pid is not None

    def _start(self) -> None:
        if not can_fork():
            self._failed = True
            return
        asked_read, asked_write = os.pipe()
        answer_read, answer_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as error:
            for end in (asked_read, asked_write, answer_read, answer_write):
                os.close(end)
            log.debug("No service (%s): its calls are made here", error)
            self._failed = True
            return
        if pid == 0:                        # the service: answers until its pipe closes
            os.close(asked_write)
            os.close(answer_read)
            self._serve(asked_read, answer_write)
        os.close(asked_read)
        os.close(answer_write)
        self.starts += 1
        self._pid, self._to, self._from = pid, os.fdopen(asked_write, "wb"), os.fdopen(answer_read, "rb")

    def _serve(self, asked_read: int, answer_write: int) -> None:
        global _CAPTURE
        try:
            _CAPTURE = _capture_logs()      # nothing it logs is printed twice or mixed in
            with os.fdopen(asked_read, "rb") as asked, os.fdopen(answer_write, "wb") as answers:
                while True:
                    try:
                        argument = pickle.load(asked)
                    except EOFError:
                        break
                    try:
                        reply: tuple[bool, Any] = (True, self.function(argument))
                    except Exception:       # asked again in the build, which raises it there
                        reply = (False, None)
                    pickle.dump(reply, answers, protocol=pickle.HIGHEST_PROTOCOL)
                    answers.flush()
        finally:
            os._exit(0)

    def close(self) -> None:
        """End the service (the next call starts it again)."""
        for end in (self._to, self._from):
            if end is not None:
                try:
                    end.close()
                except OSError:
                    pass
        if self._pid is not None:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
        self._pid = self._to = self._from = None


# -----------------------------------------------------------------------------
# A job in a fresh interpreter
# -----------------------------------------------------------------------------

@dataclass
class Spawned(Generic[T]):
    """A job running in a fresh interpreter (republish.spawned); its result once, when asked for."""
    process: subprocess.Popen[bytes]
    argument_file: Path

    def result(self) -> T | None:
        """The job's result; None if it failed or died (the caller then does the job itself)."""
        answered, value = False, None
        try:
            assert self.process.stdout is not None
            answered, value = pickle.load(self.process.stdout)
            self.process.wait()         # it exits once its answer is written: not ended by close
        except Exception as error:      # a job that died leaves an empty or cut pipe
            log.debug("A spawned job's result was lost (%s); the build does it", error)
        finally:
            self.close()
        result: T | None = value if answered else None
        return result

    def close(self) -> None:
        """Wait for the process (its result, if not taken, is dropped) and remove its argument;
        again, nothing happens."""
        if self.process.stdout is not None:
            self.process.stdout.close()
        if self.process.poll() is None:     # not read: its answer is not wanted
            self.process.terminate()
        self.process.wait()
        self.argument_file.unlink(missing_ok=True)


def spawn(function: Callable[[T], R], argument: T) -> Spawned[R] | None:
    """`function(argument)` (a module-level function) in a fresh interpreter that imports the
    function's module. It holds only what the job needs, where a forked worker starts with the
    build's whole memory, much of which it then copies (reading an object writes its count); at
    the end of a build that is most of the peak of memory. None if no process could be started
    (the caller does the job)."""
    with tempfile.NamedTemporaryFile("wb", prefix="republish-job-", suffix=".pickle", delete=False) as file:
        pickle.dump(argument, file, protocol=pickle.HIGHEST_PROTOCOL)
    argument_file = Path(file.name)
    command = [sys.executable, "-m", "republish.spawned",
               f"{function.__module__}:{function.__qualname__}", str(argument_file)]
    # The job finds the function's module, and every other, where this process found them (MkDocs
    # takes the project's folder off sys.path once it has loaded the hooks).
    roots = (_import_root(__name__), _import_root(function.__module__))
    paths = [*(root for root in roots if root), *(path for path in sys.path if path)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, env=environment)
    except OSError as error:
        argument_file.unlink(missing_ok=True)
        log.debug("No spawned job (%s): the build does it", error)
        return None
    return Spawned(process, argument_file)


def _import_root(module: str) -> str | None:
    """The folder a module was imported from: the one holding its top-level package (or it);
    None for a module built into Python."""
    file = getattr(sys.modules.get(module.partition(".")[0]), "__file__", None)
    if not file:
        return None
    where = Path(file).resolve()
    return str(where.parent.parent if where.name == "__init__.py" else where.parent)
