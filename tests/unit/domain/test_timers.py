"""Status timers: the configuration is validated, agencies override the default, and a status
without an entry never alarms."""

from __future__ import annotations

import pytest

from tenfour.domain.timers import TimerConfigError, parse_policies, policy_for
from tenfour.status_timers import packaged_policies

BASE = {
    "units": {"dispatched": {"warn_s": 60, "late_s": 120}},
    "pending": {"1": {"warn_s": 60, "late_s": 120}, "3": {"warn_s": 600, "late_s": 900}},
    "incidents": {"cleared": {"warn_s": 600, "late_s": 1200}},
}


def test_an_agency_overrides_the_default_and_may_turn_a_timer_off() -> None:
    policies = parse_policies(
        {
            "default": BASE,
            "agencies": {
                "FD": {"units": {"dispatched": None, "onscene": {"warn_s": 5, "late_s": 9}}}
            },
        }
    )
    assert policy_for(policies, "MPD").unit("dispatched") is not None
    fire = policy_for(policies, "FD")
    assert fire.unit("dispatched") is None
    assert fire.unit("onscene") is not None and fire.unit("onscene").late_s == 9  # type: ignore[union-attr]
    assert fire.incident("pending", 3) is not None and fire.incident("pending", 3).warn_s == 600  # type: ignore[union-attr]
    assert fire.unit("available") is None
    assert fire.incident("cleared", 1) is not None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "needs a 'default'"),
        ({"default": {"units": {"flying": {"warn_s": 1, "late_s": 2}}}}, "unknown unit status"),
        ({"default": {"units": {"enroute": {"warn_s": 9, "late_s": 2}}}}, "warn_s <= late_s"),
        ({"default": {"pending": {"P1": {"warn_s": 1, "late_s": 2}}}}, "priorities are numbers"),
        (
            {"default": {"incidents": {"closed": {"warn_s": 1, "late_s": 2}}}},
            "unknown open incident",
        ),
    ],
)
def test_an_impossible_configuration_is_refused_in_words(raw: object, message: str) -> None:
    with pytest.raises(TimerConfigError, match=message):
        parse_policies(raw)


def test_the_packaged_configuration_is_valid_and_never_alarms_on_an_available_unit() -> None:
    default = packaged_policies()["*"]
    assert default.unit("available") is None and default.unit("outOfService") is None
    assert default.incident("pending", 1) is not None


def test_the_centre_files_unit_timers_win_and_keep_the_packaged_shape() -> None:
    from tenfour.domain.timers import Thresholds, TimerPolicy, with_centre_timers

    base = TimerPolicy(
        units={"dispatched": Thresholds(60, 120, "not en route")}, pending={}, incidents={}
    )
    assert with_centre_timers(base, {}) is base
    mixed = with_centre_timers(base, {"dispatched": {"minutes": 4}, "onscene": {"minutes": 40}})
    assert mixed.units["dispatched"] == Thresholds(120.0, 240.0, "not en route")
    onscene = mixed.units["onscene"]
    assert onscene.late_s == 2400 and onscene.warn_s == 1800 and "onscene" in onscene.why
    assert base.units["dispatched"].late_s == 120  # the packaged policy is left as it was


def test_a_unit_en_route_is_timed_against_its_eta_by_the_agencys_rule() -> None:
    policies = parse_policies(
        {
            "default": {"eta": {"warn_over_s": 0, "late_over_s": 60, "late_share": 0.5}},
            "agencies": {
                "MFD": {"eta": {"warn_over_s": 30, "late_over_s": 300}},
                "MEMS": {"eta": None},
            },
        }
    )
    rule = policy_for(policies, "MPD").eta
    assert rule is not None
    assert (rule.thresholds(72).warn_s, rule.thresholds(72).late_s) == (72, 132)
    assert rule.thresholds(400).late_s == 600  # half as late again beyond a minute
    fire = policy_for(policies, "MFD").eta
    assert fire is not None and (fire.thresholds(72).warn_s, fire.thresholds(72).late_s) == (
        102,
        402,
    )
    assert policy_for(policies, "MEMS").eta is None  # the en route status timer alone


@pytest.mark.parametrize(
    "eta",
    [
        {"warn_over_s": -1},
        {"late_share": "half"},
        {"late_over_s": 0, "late_share": 0},
        {"lat_share": 1},
        [],
    ],
)
def test_an_impossible_eta_rule_is_refused(eta: object) -> None:
    with pytest.raises(TimerConfigError):
        parse_policies({"default": {"eta": eta}})


def test_the_packaged_timers_carry_an_eta_rule() -> None:
    assert policy_for(packaged_policies(), "MPD").eta is not None
