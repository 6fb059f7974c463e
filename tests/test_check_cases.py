"""The batteries reproduce the courses' published outputs, and the mistake loops are honest:
with every mistake off they equal the reference, and each mistake shows on some case."""

import numpy as np
import pytest

from cnnlab.check import mutants
from cnnlab.check.cases import battery
from cnnlab.check.catalog import SPECS
from cnnlab.check.mistakes import MISTAKES, mutant

BATTERIES = {name: battery(spec) for name, spec in SPECS.items()}


def _course(name, index=0):
    return [c for c in BATTERIES[name] if c.course][index]


def test_every_function_has_course_cases_and_edge_cases():
    for name, cases in BATTERIES.items():
        assert any(c.course for c in cases), name
        assert sum(not c.course for c in cases) >= 2, name


def test_deeplearning_ai_published_outputs():                  # ../shared/REFERENCE.md
    Z, = _course("conv_single_step").expected
    assert float(Z) == pytest.approx(-6.99908945068, abs=1e-10)
    Z, = _course("conv_single_step", 1).expected
    assert float(Z) == pytest.approx(-3.5443670581382474, abs=1e-12)
    Z, echoed = _course("conv_forward").expected
    assert np.mean(Z) == pytest.approx(0.0489952035289, abs=1e-12)
    np.testing.assert_allclose(echoed[1][2][3], [-0.20075807, 0.18656139, 0.41005165], atol=1e-8)
    np.testing.assert_allclose(Z[3, 2, 1], [-0.61490741, -6.7439236, -2.55153897, 1.75698377,
                                            3.56208902, 0.53036437, 5.18531798, 8.75898442],
                               atol=1e-8)
    Z, echoed = _course("conv_forward", 1).expected
    assert np.mean(Z) == pytest.approx(0.5511276474566768, abs=1e-12)
    np.testing.assert_allclose(echoed[1][2][3], [-1.1191154, 1.9560789, -0.3264995, -1.34267579],
                               atol=1e-8)
    np.testing.assert_allclose(Z[0, 2, 1], [-2.17796037, 8.07171329, -0.5772704, 3.36286738,
                                            4.48113645, -2.89198428, 10.99288867, 3.03171932],
                               atol=1e-8)
    shapes = [c.expected[0].shape for c in BATTERIES["conv_forward"] if c.course][2:]
    assert shapes == [(2, 9, 11, 8), (2, 2, 3, 8), (2, 13, 15, 8)]
    dA, dW, db = _course("conv_backward").expected
    assert (np.mean(dA), np.mean(dW), np.mean(db)) == pytest.approx(
        (1.45243777754, 1.72699145831, 7.83923256462), abs=1e-10)


def test_deeplearning_ai_pooling_published_outputs():
    A = _course("pool_forward").expected[0]
    np.testing.assert_allclose(A[:, 0, 0], [[1.74481176, 0.86540763, 1.13376944],
                                            [1.13162939, 1.51981682, 2.18557541]], atol=1e-8)
    A = _course("pool_forward", 1).expected[0]
    np.testing.assert_allclose(A[:, 0, 0], [[0.02105773, -0.20328806, -0.40389855],
                                            [-0.22154621, 0.51716526, 0.48155844]], atol=1e-8)
    case = _course("pool_backward")
    assert np.mean(case.args[0]) == pytest.approx(0.145713902729, abs=1e-12)
    np.testing.assert_allclose(case.expected[0][1, 1], [[0, 0], [5.05844394, -1.68282702],
                                                        [0, 0]], atol=1e-8)
    dA_prev, = _course("pool_backward", 1).expected
    np.testing.assert_allclose(dA_prev[1, 1], [[0.08485462, 0.2787552], [1.26461098, -0.25749373],
                                               [1.17975636, -0.53624893]], atol=1e-8)
    mask, = _course("create_mask_from_window").expected
    assert mask.tolist() == [[True, False, False], [False, False, False]]
    mask, = _course("create_mask_from_window", 1).expected
    assert np.argwhere(mask).tolist() == [[2, 1]]
    a, = _course("distribute_value").expected
    assert a.sum() == 2


def _brute_conv_nchw(x, w, b, stride, pad):
    """Written from the formula: out[n,f,i,j] = Σ x_pad[n,c,i·s+p,j·s+q]·w[f,c,p,q] + b[f]."""
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    N, _, H, W = x.shape
    F, C, HH, WW = w.shape
    out = np.zeros((N, F, (H - HH) // stride + 1, (W - WW) // stride + 1))
    for n, f, i, j in np.ndindex(out.shape):
        out[n, f, i, j] = b[f] + sum(x[n, c, i * stride + p, j * stride + q] * w[f, c, p, q]
                                     for c in range(C) for p in range(HH) for q in range(WW))
    return out


def test_cs231n_course_conv_case_against_brute_force_loops():
    case = _course("conv_forward_naive")
    x, w, b, param = case.args
    expected = _brute_conv_nchw(x, w, b, param["stride"], param["pad"])
    assert np.max(np.abs(case.expected[0] - expected)) < 1e-12


@pytest.mark.parametrize("name", list(BATTERIES))
def test_mistake_loops_with_no_mistake_are_the_reference(name):
    if name == "zero_pad":
        pytest.skip("no mistake loop for zero_pad")
    run = mutant(name, {})
    for case in BATTERIES[name]:
        for mine, expected in zip(run(case.args), case.expected, strict=True):
            np.testing.assert_allclose(np.asarray(mine, float), expected.astype(float),
                                       rtol=1e-5, atol=1e-6, err_msg=case.name)


def _differs(name, knobs) -> bool:
    run = mutant(name, knobs)
    for case in BATTERIES[name]:
        try:
            got = run(case.args)
        except Exception:  # noqa: BLE001
            return True
        for mine, expected in zip(got, case.expected, strict=True):
            mine = np.asarray(mine, float)
            if mine.shape != expected.shape or not np.allclose(mine, expected, atol=1e-6):
                return True
    return False


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.key)
def test_every_mistake_shows_on_some_case_of_every_function_it_targets(mistake):
    with np.errstate(all="ignore"):
        for name in mistake.functions:
            for knobs in mistake.variants:
                assert _differs(name, knobs), (mistake.key, name, knobs)


def test_output_size_is_the_floor_formula():
    assert mutants.out_size(7, 2, 0, 2) == 3
    assert mutants.out_size(7, 2, 0, 2, ceil=True) == 4


def test_building_the_cases_leaves_numpys_global_random_state_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()
    for spec in SPECS.values():
        battery(spec)
    assert np.array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("name", list(BATTERIES))
def test_the_reference_adapters_pass_every_case(name):
    from cnnlab.check.cases import adapter, compared, resolve
    from cnnlab.check.compare import judge

    spec = SPECS[name]
    for case in BATTERIES[name]:
        value = adapter(spec)(*resolve(spec, case.args))
        outputs = list(compared(spec, value))
        kind = type(value).__module__ + "." + type(value).__name__
        header = {"ok": True, "types": [kind], "mutated": []}
        assert judge(spec, case, header, outputs).passed, case.name


def test_cs231n_notebook_hard_coded_outputs():                 # rel_error ~1e-8, as the notebook
    from cnnlab.reference.gradcheck import rel_error

    conv = np.array([
        [[[-0.08759809, -0.10987781], [-0.18387192, -0.2109216]],
         [[0.21027089, 0.21661097], [0.22847626, 0.23004637]],
         [[0.50813986, 0.54309974], [0.64082444, 0.67101435]]],
        [[[-0.98053589, -1.03143541], [-1.19128892, -1.24695841]],
         [[0.69108355, 0.66880383], [0.59480972, 0.56776003]],
         [[2.36270298, 2.36904306], [2.38090835, 2.38247847]]]])
    pool = np.array([
        [[[-0.26315789, -0.24842105], [-0.20421053, -0.18947368]],
         [[-0.14526316, -0.13052632], [-0.08631579, -0.07157895]],
         [[-0.02736842, -0.01263158], [0.03157895, 0.04631579]]],
        [[[0.09052632, 0.10526316], [0.14947368, 0.16421053]],
         [[0.20842105, 0.22315789], [0.26736842, 0.28210526]],
         [[0.32631579, 0.34105263], [0.38526316, 0.4]]]])
    assert rel_error(_course("conv_forward_naive").expected[0], conv) < 1e-7
    assert rel_error(_course("max_pool_forward_naive").expected[0], pool) < 1e-7
