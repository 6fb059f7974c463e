"""Shares of a batch in helper processes: the same numbers as threads, errors and Ctrl-C
brought back to the caller, dead helpers replaced, and the cases that stay in this process."""

import os
import signal
import sys

import numpy as np
import pytest

from cnnlab.reference import conv2d_backward, conv2d_forward, processes, threads, winograd

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(os, "memfd_create")
    or threads._openblas() is None,
    reason="helper processes need Linux's memfd_create and an OpenBLAS to limit")

KERNEL = ("cnnlab.reference.winograd", "winograd_conv3x3")


@pytest.fixture
def helpers(monkeypatch):
    """Any job on two workers goes to a helper (a fresh one for each test), and threads split
    any job as helpers do (so that the two can be compared bit for bit)."""
    processes.shutdown()
    monkeypatch.setattr(processes, "PROCESS_BYTES", 0)
    monkeypatch.setattr(threads, "SMALL_BYTES", 0)
    monkeypatch.setattr(threads, "WORKERS", 2)
    monkeypatch.delenv("CNNLAB_PROCESSES", raising=False)
    yield
    processes.shutdown()


def conv_case(layout, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(5, 9, 8, 6)).astype(dtype)
    w = rng.normal(size=(3, 3, 6, 4)).astype(dtype)
    b = rng.normal(size=4).astype(dtype)
    if layout == "nchw":
        x, w = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy()
    return x, w, b


def step(x, w, b, layout):
    out, cache = conv2d_forward(x, w, b, padding=1, layout=layout)
    dout = np.cos(np.arange(out.size, dtype=out.dtype)).reshape(out.shape)
    return (out, *conv2d_backward(dout, cache))


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_helper_gives_the_numbers_two_threads_give(helpers, monkeypatch, layout, dtype):
    """Forward, dx and dw of a Winograd layer: a helper's share equals a thread's, bit for
    bit, when both cut the batch into the same shares (the forward's bands differ: the threads
    take larger ones, which must not change a number)."""
    assert winograd.SHARED_BAND_BYTES != winograd.BAND_BYTES
    x, w, b = conv_case(layout, dtype)
    with_helper = step(x, w, b, layout)
    assert len(processes._pool) == 1 and processes._pool[0].process.poll() is None
    monkeypatch.setenv("CNNLAB_PROCESSES", "0")
    with_threads = step(x, w, b, layout)
    for ours, theirs in zip(with_helper, with_threads, strict=True):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_array_equal(ours, theirs)


def test_the_helper_is_kept_for_the_next_jobs(helpers):
    x, w, b = conv_case("nhwc", np.float32)
    step(x, w, b, "nhwc")
    first = processes._pool[0].process.pid
    step(x, w, b, "nhwc")
    assert [h.process.pid for h in processes._pool] == [first]


def test_an_error_in_a_helper_is_raised_in_the_caller(helpers):
    x = np.zeros((4, 6, 6, 2), np.float32)
    out = np.zeros((4, 4, 4, 3), np.float32)
    ran = []
    with pytest.raises(ValueError, match="is not a helper kernel"):
        processes.run_split(ran.append, 4, function=("os", "system"), inputs=(x,),
                            args=("true",), outputs=())
    assert ran == [range(0, 2)]                             # this process did its share
    helper = processes._pool[0]                             # and the helper is still fine
    assert helper.process.poll() is None and not helper.busy
    with pytest.raises(ValueError):                          # weights of the wrong shape
        processes.run_split(lambda part: None, 4, function=KERNEL, inputs=(x,),
                            args=(np.zeros((3, 3, 5, 3), np.float32), ((0, 0), (0, 0))),
                            outputs=(out,))


def test_ctrl_c_kills_the_helper_at_work(helpers):
    x = np.zeros((64, 40, 40, 16), np.float32)
    w = np.zeros((3, 3, 16, 16), np.float32)
    out = np.empty((64, 38, 38, 16), np.float32)
    step(*conv_case("nhwc", np.float32), "nhwc")            # a helper, started and idle
    helper = processes._pool[0]

    def interrupted(part):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        processes.run_split(interrupted, 64, function=KERNEL, inputs=(x,),
                            args=(w, ((0, 0), (0, 0))), outputs=(out,))
    assert helper.process.poll() is not None                 # killed, and reaped
    assert helper not in processes._pool


def test_arguments_that_cannot_be_pickled_leave_the_helper_idle(helpers):
    """The job is encoded before the helper counts as busy: nothing is sent, nothing runs
    (None: the caller uses threads), and the helper stays in the pool for the next job."""
    step(*conv_case("nhwc", np.float32), "nhwc")            # a helper, started and idle
    helper = processes._pool[0]
    x, out = np.zeros((64, 40, 40, 16), np.float32), np.empty((64, 38, 38, 16), np.float32)
    ran = []
    assert processes.run_split(ran.append, 64, function=KERNEL, inputs=(x,),
                               args=(np.zeros((3, 3, 16, 16), np.float32), ((0, 0), (0, 0))),
                               outputs=(out,), keywords={"bias": lambda: 0}) is None
    assert ran == [] and processes._pool == [helper]
    assert helper.process.poll() is None and not helper.busy


def test_a_helper_that_died_is_replaced(helpers):
    x, w, b = conv_case("nhwc", np.float64)
    expected = step(x, w, b, "nhwc")
    processes._pool[0].process.kill()
    processes._pool[0].process.wait()
    again = step(x, w, b, "nhwc")
    assert processes._pool[0].process.poll() is None
    for ours, theirs in zip(again, expected, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_shutdown_ends_the_helpers_and_closes_their_files(helpers):
    before = len(os.listdir("/proc/self/fd"))
    step(*conv_case("nhwc", np.float32), "nhwc")
    process = processes._pool[0].process
    processes.shutdown()
    assert process.poll() is not None and processes._pool == []
    assert len(os.listdir("/proc/self/fd")) == before


def test_small_jobs_one_worker_and_the_switch_stay_in_this_process(monkeypatch):
    monkeypatch.setattr(threads, "WORKERS", 2)
    monkeypatch.delenv("CNNLAB_PROCESSES", raising=False)
    assert processes.available(8, processes.PROCESS_BYTES)
    assert not processes.available(8, processes.PROCESS_BYTES - 1)
    assert not processes.available(1, processes.PROCESS_BYTES)      # one image: one worker
    monkeypatch.setenv("CNNLAB_PROCESSES", "0")
    assert not processes.available(8, processes.PROCESS_BYTES)
    monkeypatch.delenv("CNNLAB_PROCESSES")
    monkeypatch.setattr(threads, "WORKERS", 1)
    assert not processes.available(8, processes.PROCESS_BYTES)
    assert processes.run_split(lambda part: None, 8, function=KERNEL, inputs=(), args=(),
                               outputs=()) is None


def test_a_forked_child_starts_its_own_helpers(helpers):
    """A child forked after a job must not talk to its parent's helper."""
    x, w, b = conv_case("nhwc", np.float64)
    expected = step(x, w, b, "nhwc")
    parent_helper = processes._pool[0].process.pid
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:                                             # the child
        status = 1
        try:
            same = all(np.array_equal(a, e) for a, e in zip(step(x, w, b, "nhwc"), expected,
                                                            strict=True))
            mine = [h.process.pid for h in processes._pool]
            os.write(write, b"ok" if same and mine and parent_helper not in mine else b"no")
            processes.shutdown()
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    answer = os.read(read, 2)
    os.close(read)
    os.waitpid(pid, 0)
    assert answer == b"ok"
    assert processes._pool[0].process.pid == parent_helper
    assert processes._pool[0].process.poll() is None


def test_a_helper_that_cannot_start_leaves_the_work_to_threads(helpers, monkeypatch):
    """A helper that never says it is ready (here: given no time) is killed, and the layer
    runs on threads, with the same numbers."""
    x, w, b = conv_case("nhwc", np.float32)
    monkeypatch.setattr(processes, "START_SECONDS", 0.0)
    started = []
    real_popen = processes.subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(processes.subprocess, "Popen", popen)
    monkeypatch.setattr(processes, "_broken", False)
    result = step(x, w, b, "nhwc")
    assert processes._broken and processes._pool == []
    assert started and all(p.poll() is not None for p in started)
    monkeypatch.setenv("CNNLAB_PROCESSES", "0")
    for ours, theirs in zip(result, step(x, w, b, "nhwc"), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def threads_result(monkeypatch, x, w, b, layout):
    """The same layer on two threads cutting the batch as the helpers do."""
    with monkeypatch.context() as m:
        m.setenv("CNNLAB_PROCESSES", "0")
        return step(x, w, b, layout)


def assert_same(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_helper_that_dies_at_work_has_its_share_computed_here(helpers, monkeypatch):
    x, w, b = conv_case("nhwc", np.float64)
    expected = threads_result(monkeypatch, x, w, b, "nhwc")
    real_start, killed = processes._Helper.start, []

    def start_then_die(helper, *args):
        helper.process.send_signal(signal.SIGSTOP)       # so it can't answer before it dies,
        real_start(helper, *args)                        # however long this process is held up
        helper.process.kill()
        killed.append(helper.process)

    monkeypatch.setattr(processes._Helper, "start", start_then_die)
    assert_same(step(x, w, b, "nhwc"), expected)
    assert len(killed) == 3                                 # forward, dx and dw: each lost
    assert all(p.poll() is not None for p in killed) and processes._pool == []


@pytest.mark.parametrize("whole", [True, False])
def test_ctrl_c_while_handing_a_job_over_leaves_no_helper_behind(helpers, monkeypatch, whole):
    """Ctrl-C after a job was sent (whole) or half-way through sending it: that helper is
    killed, and the next call gets a fresh one and the right numbers, without hanging."""
    x, w, b = conv_case("nhwc", np.float32)
    expected = threads_result(monkeypatch, x, w, b, "nhwc")
    step(x, w, b, "nhwc")
    first = processes._pool[0]
    real_write = processes._write

    def interrupted_write(fd, data):
        if fd == first.job_write:
            real_write(fd, data if whole else data[:processes._HEADER.size + 1])
            raise KeyboardInterrupt
        real_write(fd, data)

    monkeypatch.setattr(processes, "_write", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        step(x, w, b, "nhwc")
    monkeypatch.setattr(processes, "_write", real_write)
    assert first.process.poll() is not None and first not in processes._pool
    assert_same(step(x, w, b, "nhwc"), expected)
    assert processes._pool and processes._pool[0] is not first


def test_a_reply_that_makes_no_sense_counts_as_a_lost_helper(helpers, monkeypatch):
    x, w, b = conv_case("nchw", np.float32)
    expected = threads_result(monkeypatch, x, w, b, "nchw")
    real_receive = processes._receive

    lost = []

    def nonsense(fd, alive=None):
        message = real_receive(fd, alive)
        if message and message[0] in ("ok", "error"):     # a reply to a job, not a greeting
            lost.append(fd)
            return ("maybe", 42)
        return message

    monkeypatch.setattr(processes, "_receive", nonsense)
    assert_same(step(x, w, b, "nchw"), expected)
    assert len(lost) == 3 and not processes._broken        # forward, dx, dw: each recomputed


def test_a_helper_running_another_numpy_is_not_used(helpers, monkeypatch):
    x, w, b = conv_case("nhwc", np.float32)
    monkeypatch.setattr(processes, "_broken", False)
    monkeypatch.setattr(processes, "_identity", lambda: ("0.0", "elsewhere"))
    assert_same(step(x, w, b, "nhwc"), threads_result(monkeypatch, x, w, b, "nhwc"))
    assert processes._broken and processes._pool == []


def test_helpers_start_side_by_side_up_to_the_cap(helpers, monkeypatch):
    monkeypatch.setattr(threads, "WORKERS", 6)
    monkeypatch.setattr(processes, "MAX_HELPERS", 2)
    x, w, b = conv_case("nhwc", np.float64)
    result = step(x, w, b, "nhwc")
    assert len(processes._pool) == 2
    monkeypatch.setattr(threads, "WORKERS", 3)             # the same three shares on threads
    assert_same(result, threads_result(monkeypatch, x, w, b, "nhwc"))
