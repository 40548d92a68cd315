"""The Sobol indices of a real sweep, read back with h5py and recomputed outside siege: with numpy (the
estimators and a bootstrap of their own), with SciPy's Sobol' sequence (the design's points), and with
SALib on the same samples when SALib is installed (it is not a Debian package; pip install SALib).

SALib's layout and estimators followed here are those of SALib 1.4 (src/SALib/analyze/sobol.py and
src/SALib/sample/saltelli.py; 1.5 keeps them): the outputs are centred and scaled,
Y = (Y - mean) / std, then with step D + 2 (calc_second_order=False) each base sample j takes rows
A_j, AB_j1 .. AB_jD, B_j; S1 = mean(B (AB - A)) / var([A, B]), ST = mean((A - AB)^2) / 2 / var([A, B]),
and S1_conf, ST_conf = z * sd(bootstrap estimates, ddof=1) over resamples of the base samples."""
import h5py
import numpy as np
import pytest
import yaml

from conftest import SOURCE, siege

SWEEP = SOURCE / "tests/sweeps/classroom_sobol_32.yaml"
SCENARIO = SOURCE / "scenarios/classroom.yaml"
HEADLINE = ("civilian_deaths", "detainees_released", "days_under_siege", "surrendered")
Z = 1.959963984540054  # the standard normal quantile at 0.975


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    path = tmp_path_factory.mktemp("sensitivity") / "sobol.h5"
    result = siege("sweep", SWEEP, "--scenario", SCENARIO, "-o", path)
    assert "Sobol indices, first order / total, ± the half-widths" in result.stdout
    assert "±" in result.stdout.splitlines()[-2]
    return path


@pytest.fixture(scope="module")
def data(sweep):
    """What the file holds, and each headline outcome per design point rebuilt the way siege's
    sensitivity() does: the besieged pockets summed, then the mean over the point's replicates."""
    definition = yaml.safe_load(SWEEP.read_text())
    with h5py.File(sweep, "r") as f:
        assert text(f.attrs["design"]) == "sobol" and text(f.attrs["arms"]) == "baseline"
        assert all(text(e) == "" for e in f["error"][:]), "every run finished"
        parameters = text(f.attrs["parameters"]).split("\n")
        n = int(f.attrs["samples"])
        k = len(parameters)
        points = int(f.attrs["points"])
        assert points == n * (k + 2)
        point = f["point"][:]
        besieged = f["pocket_besieged"][:].astype(bool)
        if not besieged.any():
            besieged[:] = True
        outcomes = {}
        for name in HEADLINE:
            per_run = f[f"outcome_{name}"][:][:, besieged].sum(axis=1)
            outcomes[name] = np.array([per_run[point == p].mean() for p in range(points)])
        values = np.empty((points, k))
        for j, key in enumerate(parameters):
            column = f[key][:]
            assert text(f[key].attrs["key_path"]) == key
            for p in range(points):
                values[p, j] = column[point == p][0]
        group = f["sensitivity"]
        result = {name: group[name][:] for name in ("first_order", "first_order_conf", "total", "total_conf")}
        result["outcome"] = [text(o) for o in group["outcome"][:]]
        result["parameter"] = [text(p) for p in group["parameter"][:]]
        result["attrs"] = {name: dict(group[name].attrs) for name in ("first_order_conf", "total_conf")}
        result["group_attrs"] = dict(group.attrs)
    bounds = [[p["min"], p["max"]] for p in definition["parameters"]]
    assert [p["key"] for p in definition["parameters"]] == parameters
    return {"n": n, "k": k, "parameters": parameters, "bounds": bounds, "values": values, "outcomes": outcomes,
            "sensitivity": result}


def blocks(y, n, k):
    """A, B and AB (k x n, then any further axes) from rows in siege's order: A, then B, then AB_1 .. AB_k."""
    return y[:n], y[n:2 * n], y[2 * n:].reshape(k, n, *y.shape[1:])


def test_the_group_holds_indices_with_their_intervals(data):
    s = data["sensitivity"]
    assert s["outcome"] == list(HEADLINE) and s["parameter"] == data["parameters"]
    for name in ("first_order", "first_order_conf", "total", "total_conf"):
        assert s[name].shape == (len(HEADLINE), data["k"])
    for name in ("first_order_conf", "total_conf"):
        assert s["attrs"][name]["units"] in (b"1", "1")
        assert "95% bootstrap confidence interval" in text(s["attrs"][name]["long_name"])
    assert float(s["group_attrs"]["confidence_level"]) == 0.95
    assert int(s["group_attrs"]["bootstrap_resamples"]) == 1000
    deaths = s["outcome"].index("civilian_deaths")
    assert (s["first_order_conf"][deaths] > 0).all() and (s["total_conf"][deaths] > 0).all()


def test_indices_are_the_saltelli_and_jansen_estimators_recomputed_with_numpy(data):
    n, k, s = data["n"], data["k"], data["sensitivity"]
    rng = np.random.default_rng(20240601)
    varied = 0
    for o, name in enumerate(HEADLINE):
        y = data["outcomes"][name]
        a, b, ab = blocks(y, n, k)
        if np.var(np.r_[a, b]) == 0:
            for field in ("first_order", "total", "first_order_conf", "total_conf"):
                np.testing.assert_array_equal(s[field][o], 0.0, err_msg=f"{name}: an outcome that never varies")
            continue
        varied += 1

        def estimates(rows):
            centred = (b[rows] - y.mean())
            variance = np.var(np.r_[a[rows], b[rows]])
            first = np.mean(centred * (ab[:, rows] - a[rows]), axis=-1) / variance
            total = 0.5 * np.mean((a[rows] - ab[:, rows]) ** 2, axis=-1) / variance
            return first, total

        first, total = estimates(np.arange(n))
        np.testing.assert_allclose(s["first_order"][o], first, rtol=1e-9, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(s["total"][o], total, rtol=1e-9, atol=1e-12, err_msg=name)
        # A bootstrap of our own (other random numbers) estimates the same spread.
        resampled = [estimates(rng.integers(n, size=n)) for _ in range(1000)]
        first_conf = Z * np.std([r[0] for r in resampled], axis=0, ddof=1)
        total_conf = Z * np.std([r[1] for r in resampled], axis=0, ddof=1)
        np.testing.assert_allclose(s["first_order_conf"][o], first_conf, rtol=0.25, err_msg=name)
        np.testing.assert_allclose(s["total_conf"][o], total_conf, rtol=0.25, err_msg=name)
    assert varied >= 1, "the sweep must move at least one headline outcome"


def test_the_design_is_the_sobol_sequence_that_scipy_gives(data):
    qmc = pytest.importorskip("scipy.stats.qmc", reason="SciPy (python3-scipy) is not installed")
    n, k = data["n"], data["k"]
    skip = max(16, 1 << (n - 1).bit_length())  # sobol_skip: a power of two >= N, at least 16
    engine = qmc.Sobol(d=2 * k, scramble=False)
    engine.fast_forward(skip)
    base = engine.random(n)
    unit = np.r_[base[:, :k], base[:, k:]]
    for i in range(k):
        block = base[:, :k].copy()
        block[:, i] = base[:, k + i]
        unit = np.r_[unit, block]
    low, high = np.array(data["bounds"]).T
    np.testing.assert_allclose(data["values"], low + unit * (high - low), rtol=1e-12)


def test_indices_match_salib_on_the_same_samples(data):
    try:
        from SALib.analyze import sobol
    except ImportError:
        pytest.skip("SALib is not installed (no Debian package; pip install SALib to run this check)")
    n, k, s = data["n"], data["k"], data["sensitivity"]
    problem = {"num_vars": k, "names": data["parameters"], "bounds": data["bounds"]}

    def salib_order(rows):
        """siege's rows (A, B, AB_1 .. AB_k blocks) as SALib's: A_j, AB_j1 .. AB_jk, B_j for each j."""
        a, b, ab = blocks(rows, n, k)
        return np.concatenate([a[:, None, ...], np.moveaxis(ab, 0, 1), b[:, None, ...]], axis=1).reshape(
            n * (k + 2), *rows.shape[1:])

    # The samples are SALib's own: its saltelli.sample default skips the same points (1.4), and
    # sobol.sample takes the skip and no scrambling (1.5).
    skip = max(16, 1 << (n - 1).bit_length())
    try:
        from SALib.sample import sobol as sobol_sample
        x = sobol_sample.sample(problem, n, calc_second_order=False, scramble=False, skip_values=skip)
    except (ImportError, TypeError):
        from SALib.sample import saltelli
        x = saltelli.sample(problem, n, calc_second_order=False)
    np.testing.assert_allclose(salib_order(data["values"]), x, rtol=1e-12)

    for o, name in enumerate(HEADLINE):
        y = data["outcomes"][name]
        if np.std(y) == 0:
            continue  # SALib divides by the standard deviation; siege reports zeros (checked above)
        result = sobol.analyze(problem, salib_order(y), calc_second_order=False, num_resamples=1000,
                               conf_level=0.95, seed=1)
        np.testing.assert_allclose(s["first_order"][o], result["S1"], rtol=1e-9, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(s["total"][o], result["ST"], rtol=1e-9, atol=1e-12, err_msg=name)
        # Bootstraps with different random numbers: the same spread within a factor of 2.
        for ours, theirs in ((s["first_order_conf"][o], result["S1_conf"]), (s["total_conf"][o], result["ST_conf"])):
            assert np.all(ours > theirs / 2) and np.all(ours < theirs * 2), (name, ours, theirs)
