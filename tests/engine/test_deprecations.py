"""levtoken 2.0 renamed the public names that meant two things; each old name is kept for one
release as a deprecated alias that warns, names its replacement and still does what it did."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import costs, issuers, montecarlo, theory

pytestmark = pytest.mark.unit

#: (module, old name, text of the replacement the warning must name)
OLD_NAMES = [
    (issuers, "effective_leverage", "levtoken.theory.leverage_after_move"),
    (issuers, "compare", "levtoken.issuers.compare_presets"),
    (montecarlo, "naive_multiple", "levtoken.montecarlo.naive_multiple_from_price"),
    (costs, "bridge_returns", "levtoken.paths.bridge_returns"),
]


@pytest.mark.parametrize("module, old, new", OLD_NAMES, ids=[o for _, o, _ in OLD_NAMES])
def test_an_old_name_warns_and_names_its_replacement(module, old, new):
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")) as record:
        getattr(module, old)
    assert "3.0" in str(record[0].message)
    assert old not in getattr(module, "__all__")


def test_the_old_names_still_do_what_they_did():
    with pytest.warns(DeprecationWarning):
        assert issuers.effective_leverage(3, 0.05) == pytest.approx(3 * 1.05 / 1.15)
    with pytest.warns(DeprecationWarning):
        assert montecarlo.naive_multiple(1.2, 3) == pytest.approx(1.6)       # a price multiple
    with pytest.warns(DeprecationWarning):
        r = costs.bridge_returns(0.8, 30, n_paths=2, seed=1, end=1.2)
    np.testing.assert_allclose(np.prod(1 + r, axis=1), 1.2)
    with pytest.warns(DeprecationWarning):
        assert issuers.compare is issuers.compare_presets


def test_one_name_one_meaning():
    """The clashes of levtoken 1.x are gone from the public names: each name below means one
    thing, wherever it is defined."""
    assert theory.leverage_after_move(3, 0.05) == pytest.approx(2.7391304347826)
    assert theory.effective_leverage(3, 0.05) != pytest.approx(2.7391304347826)
    assert theory.naive_multiple(0.2, 3) == pytest.approx(1.6)               # a total return
    assert montecarlo.naive_multiple_from_price(1.2, 3) == pytest.approx(1.6)  # a price multiple
    assert not hasattr(costs, "PRESETS")            # the presets live in levtoken.issuers only


def test_an_unknown_name_is_still_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        costs.no_such_name  # noqa: B018
