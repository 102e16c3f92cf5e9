"""Loops shared with forked workers (republish.workers): shares, results, messages, memos."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

import pytest

from republish import chunkindex, memo, workers


@pytest.mark.parametrize("costs, processes, expected", [
    ([1, 1, 1, 1], 2, [(0, 2), (2, 4)]),
    ([1, 1, 10], 2, [(0, 2), (2, 3)]),          # a large last page is the worker's alone
    ([10, 1, 1], 2, [(0, 1), (1, 3)]),          # a large first page is the build's alone
    ([1] * 6, 3, [(0, 2), (2, 4), (4, 6)]),
    ([5], 2, [(0, 1)]),                         # one page: no worker
    ([1, 1], 4, [(0, 1), (1, 2)]),              # never an empty share
    ([], 2, []),
])
def test_shares_are_consecutive_runs_of_about_equal_cost(costs: list[int], processes: int,
                                                          expected: list[tuple[int, int]]) -> None:
    runs = workers.shares(costs, processes)
    assert [(run.start, run.stop) for run in runs] == expected, f"shares of {costs} in {processes}"




def test_claims_give_the_front_to_the_build_and_the_back_to_workers_until_they_meet() -> None:
    claims = workers.Claims(5)
    assert claims.take_front(0) == 0, "the build's first item"
    assert [claims.take_back(1), claims.take_back(2), claims.take_back(1)] == [4, 3, 2], "from the back, one each"
    assert claims.take_front(1) == 0, "the build takes what nobody took"
    assert claims.take_back(2) is None, "nothing left between them"
    assert [claims.take_front(i) for i in (2, 3, 4)] == [1, 2, 1], "the rest is the workers', by who took it"
    assert claims.taken_by(1) == [2, 4] and claims.taken_by(2) == [3]


def test_claims_are_shared_with_a_forked_worker() -> None:
    claims = workers.Claims(1000)
    worker = workers.fork(lambda: [index for index in iter(lambda: claims.take_back(1), None)])
    assert worker is not None, "this platform forks"
    mine = [i for i in range(1000) if claims.take_front(i) == 0]
    theirs = worker.result()
    assert theirs is not None and sorted(mine + theirs) == list(range(1000)), "every item done once"
    assert mine == list(range(len(mine))) and theirs == sorted(theirs, reverse=True), \
        "the build from the front, the worker from the back"

SHARED = workers.Sharing(processes=2, least=1)


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's process runs other threads (the browser tests' driver), so the build's guard
    would keep every loop here; these short children only compute and log, which is safe."""
    monkeypatch.setattr(workers, "can_fork", lambda: True)


def test_no_worker_is_forked_beside_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not workers.can_fork(), "a child would inherit the other thread's locks"
        assert not SHARED.applies(10)
    finally:
        release.set()
        other.join()


def test_split_map_gives_the_loops_results_in_order_from_two_processes() -> None:
    results = workers.split_map(lambda n: (n * n, os.getpid()), list(range(10)), [1] * 10, SHARED)
    assert [square for square, _ in results] == [n * n for n in range(10)], "every result, in order"
    assert len({pid for _, pid in results}) == 2 and results[0][1] == os.getpid(), \
        "the first share done here, the second by a worker"


def test_split_map_stays_in_one_process_below_the_least_work() -> None:
    results = workers.split_map(lambda n: os.getpid(), list(range(10)), [1] * 10, workers.Sharing(2, least=11))
    assert set(results) == {os.getpid()}, "ten units of work, eleven needed"


def test_a_failed_share_is_done_here_and_raises_here() -> None:
    def square(n: int) -> int:
        if n == 9 and os.getpid() != parent:
            raise ValueError("only the worker fails")
        return n * n

    parent = os.getpid()
    assert workers.split_map(square, list(range(10)), [1] * 10, SHARED) == [n * n for n in range(10)]

    def broken(n: int) -> int:
        if n == 9:
            raise ValueError("nine is refused")
        return n

    with pytest.raises(ValueError, match="nine is refused"):
        workers.split_map(broken, list(range(10)), [1] * 10, SHARED)


def test_a_worker_that_dies_sends_nothing_and_is_reaped() -> None:
    worker = workers.fork(lambda: os._exit(3))
    assert worker is not None, "this platform forks"
    assert worker.result() is None, "no result from a dead worker"
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)


def test_a_workers_messages_are_logged_here_once() -> None:
    logger = logging.getLogger("mkdocs.test_workers")
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())      # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        def job() -> int:
            logger.warning("a warning from %s", "the worker")
            return 7

        worker = workers.fork(job)
        assert worker is not None and seen == []
        assert worker.result() == 7
    finally:
        logger.removeHandler(handler)
    assert seen == ["a warning from the worker"], f"logged once, by the build: {seen}"


def test_what_a_worker_memoised_is_kept_by_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    store = memo.MemoStore()
    monkeypatch.setattr(memo, "_active", store)
    table = store.table("squares", "1")
    table.get("2", lambda key: int(key) ** 2)
    store.save()                                        # "2" saved: not used since
    worker = workers.fork(lambda: store.table("squares", "1").get("3", lambda key: int(key) ** 2))
    assert worker is not None and worker.result() == 9
    assert table.entries == {"2": 4, "3": 9} and table.used == {"3"}, "the worker's entry, as used here"


def test_the_build_in_progress_says_how_loops_are_shared() -> None:
    pids = lambda: set(workers.split_map(lambda n: os.getpid(), list(range(4)), [1] * 4))  # noqa: E731
    assert pids() == {os.getpid()}, "one process unless a build says otherwise"
    with workers.shared(SHARED):
        assert len(pids()) == 2
    assert pids() == {os.getpid()}



def _pid_and_square(n: int) -> tuple[int, int]:
    if n < 0:
        raise ValueError("no negative numbers")
    return os.getpid(), n * n


def test_a_service_answers_from_its_own_process_and_falls_back_here() -> None:
    service = workers.Service(_pid_and_square)
    try:
        pid, square = service(3)
        assert square == 9 and pid != os.getpid(), "answered by the service's process"
        assert service(4) == (pid, 16) and service.starts == 1, "one process for every call"
        with pytest.raises(ValueError, match="no negative"):
            service(-1)                 # failed there: asked here, where it raises
        child = workers.fork(lambda: service(5))
        assert child is not None and child.result()[0] != pid, "a forked worker asks itself, not the pipes"
        assert service(6) == (pid, 36), "the service still answers the build"
    finally:
        service.close()
    assert service(7)[0] not in (pid, os.getpid()) and service.starts == 2, "closed: the next call starts it again"
    service.close()


MARKS: list[str] = []       # set here before a job starts: a forked process would see it


def _pid_marks_and_double(n: int) -> tuple[int, int, int]:
    if n < 0:
        raise ValueError("no negative numbers")
    print("a job's print goes to the error stream")
    return os.getpid(), len(MARKS), 2 * n


def test_a_spawned_job_runs_in_a_fresh_interpreter() -> None:
    MARKS.append("the build's state")
    try:
        job = workers.spawn(_pid_marks_and_double, 21)
        assert job is not None, "the job started"
        pid, marks, double = job.result()
    finally:
        MARKS.clear()
    assert double == 42 and pid != os.getpid(), "answered by another process, its print not in the answer"
    assert marks == 0, "that process imported the module afresh: nothing of this process's memory"
    assert job.process.returncode == 0, "a job whose answer was read ends by itself, not terminated"
    assert not job.argument_file.exists(), "its argument file is removed"


def test_a_spawned_job_that_fails_gives_none() -> None:
    job = workers.spawn(_pid_marks_and_double, -1)
    assert job is not None and job.result() is None, "raised there: None, so the caller does the job"
    assert not job.argument_file.exists()


def test_a_spawned_job_closed_unread_leaves_nothing() -> None:
    job = workers.spawn(_pid_marks_and_double, 1)
    assert job is not None
    job.close()
    job.close()
    assert job.process.returncode is not None and not job.argument_file.exists(), "ended, its file removed"


def test_a_spawned_job_finds_the_project_off_sys_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs takes the project's folder off sys.path once it has loaded the hooks."""
    project = Path(workers.__file__).resolve().parent.parent
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p and Path(p).resolve() != project])
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.chdir(tmp_path)         # nor is the job started from it (python -m searches there)
    docs = [{"location": "a/", "title": "医院", "text": "医院医院"}]
    job = workers.spawn(chunkindex.write_index_job, (docs, str(tmp_path / "chunks")))
    assert job is not None
    size = job.result()
    assert size is not None and size.pages == 1, "the job imported republish and wrote the index"
    assert (tmp_path / "chunks" / "meta.json.gz").is_file()


@pytest.mark.parametrize("error", [TypeError("Windows: CDLL(None)"), OSError("no libc"), AttributeError("musl")])
def test_freed_memory_is_collected_where_there_is_no_malloc_trim(monkeypatch: pytest.MonkeyPatch,
                                                                 error: Exception) -> None:
    import ctypes

    def missing(name: object) -> object:
        raise error
    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert workers._malloc_trim() is None, f"{type(error).__name__} is no reason not to build"
    monkeypatch.setattr(workers, "_MALLOC_TRIM", None)
    workers.release_free_memory()       # the collection alone
