"""Images of a batch on several threads: the split, the thread count, BLAS's threads restored,
errors raised in the caller, and the same numbers as one thread."""

import threading

import numpy as np
import pytest

from cnnlab.reference import (
    conv2d_backward,
    conv2d_forward,
    pool2d_backward,
    pool2d_forward,
    threads,
)


@pytest.mark.parametrize("items, parts", [(32, 2), (5, 3), (1, 4), (7, 7), (3, 1), (10, 4)])
def test_split_covers_every_item_once_in_runs_of_nearly_equal_length(items, parts):
    runs = threads.split(items, parts)
    assert [i for run in runs for i in run] == list(range(items))
    assert len(runs) == min(parts, items)
    lengths = [len(run) for run in runs]
    assert max(lengths) - min(lengths) <= 1


def test_worker_count_follows_the_cap_the_environment_and_the_items(monkeypatch):
    monkeypatch.setattr(threads, "WORKERS", 3)
    assert threads.workers(10) == 3 and threads.workers(2) == 2
    monkeypatch.setattr(threads, "WORKERS", None)
    monkeypatch.setenv("CNNLAB_THREADS", "1")
    assert threads.workers(10) == 1
    monkeypatch.setenv("CNNLAB_THREADS", "nonsense")
    assert threads.workers(10) >= 1


def test_parts_run_on_separate_threads_and_results_come_back_in_order(monkeypatch):
    monkeypatch.setattr(threads, "WORKERS", 3)
    seen = {}

    def work(part):
        seen[part.start] = threading.current_thread().name
        return list(part)

    results = threads.run_split(work, 9)
    if threads._openblas() is None:                  # no OpenBLAS to limit: one thread, one part
        assert results == [list(range(9))]
        return
    assert results == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert seen[0] == threading.current_thread().name           # the first part: the caller
    assert len(set(seen.values())) == 3


def test_blas_runs_one_thread_inside_and_is_restored_after(monkeypatch):
    blas = threads._openblas()
    if blas is None:
        pytest.skip("numpy's BLAS is not an OpenBLAS this process can reach")
    get, _ = blas
    monkeypatch.setattr(threads, "WORKERS", 2)
    before = get()
    inside = threads.run_split(lambda part: get(), 4)
    assert inside == [1, 1]
    assert get() == before


def test_an_error_in_a_helper_thread_reaches_the_caller_after_all_parts_end(monkeypatch):
    monkeypatch.setattr(threads, "WORKERS", 2)
    finished = []

    def work(part):
        if part.start:
            raise ValueError(f"part {part.start} failed")
        finished.append(part.start)

    if threads._openblas() is None:
        pytest.skip("without OpenBLAS the parts run as one, in the caller")
    with pytest.raises(ValueError, match="part 2 failed"):
        threads.run_split(work, 4)
    assert finished == [0]


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_winograd_layer_gives_the_same_numbers_on_one_thread_and_on_three(monkeypatch, layout,
                                                                             dtype):
    monkeypatch.setattr(threads, "SMALL_BYTES", 0)              # thread even this small batch
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 9, 10, 6)).astype(dtype)
    w = rng.normal(size=(3, 3, 6, 4)).astype(dtype)
    if layout == "nchw":
        x, w = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy()
    runs = []
    for workers in (1, 3):
        monkeypatch.setattr(threads, "WORKERS", workers)
        out, cache = conv2d_forward(x, w, padding=1, layout=layout)
        runs.append((out, *conv2d_backward(np.ones_like(out), cache)[:2]))
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    for one, three in zip(*runs, strict=True):
        np.testing.assert_allclose(three, one, rtol=tolerance, atol=tolerance)


def test_ctrl_c_in_the_caller_is_raised_without_waiting_for_the_helpers(monkeypatch):
    if threads._openblas() is None:
        pytest.skip("without OpenBLAS the parts run as one, in the caller")
    monkeypatch.setattr(threads, "WORKERS", 2)
    release, done = threading.Event(), []

    def work(part):
        if part.start == 0:
            raise KeyboardInterrupt
        release.wait(timeout=30)                     # a helper still busy with its share
        done.append(part.start)

    with pytest.raises(KeyboardInterrupt):
        threads.run_split(work, 2)
    assert done == []                                # raised while the helper was still busy
    release.set()


def test_unset_the_threads_follow_numpys_blas(monkeypatch):
    blas = threads._openblas()
    if blas is None:
        pytest.skip("numpy's BLAS is not an OpenBLAS this process can reach")
    get, set_ = blas
    monkeypatch.setattr(threads, "WORKERS", None)
    monkeypatch.delenv("CNNLAB_THREADS", raising=False)
    before = get()
    try:
        set_(1)                                      # as OPENBLAS_NUM_THREADS=1 would
        assert threads.workers(8) == 1
    finally:
        set_(before)


def test_a_small_job_stays_in_the_calling_thread(monkeypatch):
    monkeypatch.setattr(threads, "WORKERS", 4)
    names = threads.run_split(lambda part: threading.current_thread().name, 8,
                              size=threads.SMALL_BYTES - 1)
    assert names == [threading.current_thread().name]


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("mode, ties, kernel, stride, padding", [
    ("max", "first", 3, 2, 1), ("max", "all", 2, 2, 0), ("max", "all", 3, 1, 1),
    ("avg", "first", 3, 1, 1), ("avg", "first", 2, 2, 0),
])
def test_pooling_gives_the_same_numbers_on_one_thread_and_on_three(monkeypatch, layout, mode,
                                                                    ties, kernel, stride, padding):
    monkeypatch.setattr(threads, "SMALL_BYTES", 0)
    rng = np.random.default_rng(8)
    x = rng.integers(-3, 4, size=(7, 8, 9, 5)).astype(np.float64)   # small integers: many ties
    if layout == "nchw":
        x = x.transpose(0, 3, 1, 2).copy()
    runs, dout = [], None
    for workers in (1, 3):
        monkeypatch.setattr(threads, "WORKERS", workers)
        out, cache = pool2d_forward(x, kernel, stride=stride, padding=padding, mode=mode,
                                    ties=ties, layout=layout)
        dout = rng.normal(size=out.shape) if dout is None else dout
        runs.append((out, pool2d_backward(dout, cache)))
    for one, three in zip(*runs, strict=True):
        np.testing.assert_array_equal(three, one)
