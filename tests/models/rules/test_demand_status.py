"""Tests for the demand status machine and its companion enumerations."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from desktop.models.errors import ValidationError
from desktop.models.rules.demand_status import (
    CHANNEL_LABELS,
    EVALUATION_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
    Actor,
    Channel,
    DemandStatus,
    Evaluation,
    Urgency,
    allowed_transitions,
    awaiting_evaluation,
    check_reject_reason,
    check_transition,
    county_has_acted,
    is_open,
    is_overdue,
)

S = DemandStatus

# Written out independently of the module on purpose: any change to the machine must be made
# in both places, so an accidental edit shows up here.
VILLAGE_ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.CANCELLED),
    (S.SUBMITTED, S.CANCELLED),
    (S.RESOLVED, S.FEEDBACK_GIVEN),
}
COUNTY_ALLOWED = {
    (S.SUBMITTED, S.TRIAGED),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.MERGED),
    (S.TRIAGED, S.REJECTED),
    (S.TRIAGED, S.MERGED),
    (S.TRIAGED, S.LISTED),
    (S.LISTED, S.DISPATCHED),
    (S.LISTED, S.CLAIMED),
    (S.DISPATCHED, S.DISPATCHED),
    (S.DISPATCHED, S.LISTED),
    (S.DISPATCHED, S.CLAIMED),
    (S.DISPATCHED, S.IN_PROGRESS),
    (S.CLAIMED, S.LISTED),
    (S.CLAIMED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.FEEDBACK_GIVEN, S.CLOSED),
    (S.SUBMITTED, S.ESCALATED),
    (S.TRIAGED, S.ESCALATED),
    (S.LISTED, S.ESCALATED),
    (S.DISPATCHED, S.ESCALATED),
    (S.CLAIMED, S.ESCALATED),
    (S.IN_PROGRESS, S.ESCALATED),
    (S.ESCALATED, S.LISTED),
}
EXPECTED = {Actor.VILLAGE: VILLAGE_ALLOWED, Actor.COUNTY: COUNTY_ALLOWED}


def test_status_values_are_the_stored_names() -> None:
    assert [s.value for s in DemandStatus] == [
        "DRAFT",
        "SUBMITTED",
        "TRIAGED",
        "REJECTED",
        "MERGED",
        "LISTED",
        "DISPATCHED",
        "CLAIMED",
        "IN_PROGRESS",
        "RESOLVED",
        "FEEDBACK_GIVEN",
        "CLOSED",
        "ESCALATED",
        "CANCELLED",
    ]
    assert DemandStatus("LISTED") is DemandStatus.LISTED
    assert DemandStatus.LISTED == "LISTED"


def test_status_labels() -> None:
    assert set(STATUS_LABELS) == set(DemandStatus)
    assert STATUS_LABELS[S.DRAFT] == "待提交"
    assert STATUS_LABELS[S.LISTED] == "待认领"
    assert STATUS_LABELS[S.ESCALATED] == "已上报上级"
    assert STATUS_LABELS[S.CANCELLED] == "已撤回"
    assert len(set(STATUS_LABELS.values())) == len(DemandStatus)


@pytest.mark.parametrize("actor", list(Actor))
def test_every_transition_matches_the_table(actor: Actor) -> None:
    for current, new in itertools.product(DemandStatus, repeat=2):
        if (current, new) in EXPECTED[actor]:
            check_transition(current, new, actor)
        else:
            with pytest.raises(ValidationError) as info:
                check_transition(current, new, actor)
            assert info.value.field == "status", (current, new)
            assert "需求" in info.value.message


def test_actors_never_share_a_move() -> None:
    assert not VILLAGE_ALLOWED & COUNTY_ALLOWED


@pytest.mark.parametrize("actor", list(Actor))
def test_allowed_transitions_agrees_with_check(actor: Actor) -> None:
    for current in DemandStatus:
        expected = {new for old, new in EXPECTED[actor] if old == current}
        assert allowed_transitions(current, actor) == expected


def test_village_happy_path_and_county_happy_path() -> None:
    path = [
        (S.DRAFT, S.SUBMITTED, Actor.VILLAGE),
        (S.SUBMITTED, S.TRIAGED, Actor.COUNTY),
        (S.TRIAGED, S.LISTED, Actor.COUNTY),
        (S.LISTED, S.DISPATCHED, Actor.COUNTY),
        (S.DISPATCHED, S.DISPATCHED, Actor.COUNTY),
        (S.DISPATCHED, S.CLAIMED, Actor.COUNTY),
        (S.CLAIMED, S.IN_PROGRESS, Actor.COUNTY),
        (S.IN_PROGRESS, S.RESOLVED, Actor.COUNTY),
        (S.RESOLVED, S.FEEDBACK_GIVEN, Actor.VILLAGE),
        (S.FEEDBACK_GIVEN, S.CLOSED, Actor.COUNTY),
    ]
    for current, new, actor in path:
        check_transition(current, new, actor)


def test_village_cannot_triage_and_is_told_it_is_the_countys_job() -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(S.SUBMITTED, S.TRIAGED, Actor.VILLAGE)
    assert "县中心" in info.value.message
    assert "已上报" in info.value.message and "已受理" in info.value.message


def test_county_cannot_evaluate_for_the_village() -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(S.RESOLVED, S.FEEDBACK_GIVEN, Actor.COUNTY)
    assert "村联络员" in info.value.message


@pytest.mark.parametrize("current", [S.TRIAGED, S.LISTED, S.DISPATCHED, S.IN_PROGRESS])
def test_village_cannot_withdraw_once_county_acted(current: DemandStatus) -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(current, S.CANCELLED, Actor.VILLAGE)
    assert "不能再撤回" in info.value.message
    assert STATUS_LABELS[current] in info.value.message


@pytest.mark.parametrize("final", [S.REJECTED, S.MERGED, S.CLOSED, S.CANCELLED])
@pytest.mark.parametrize("actor", list(Actor))
def test_final_statuses_are_final(final: DemandStatus, actor: Actor) -> None:
    assert allowed_transitions(final, actor) == frozenset()
    with pytest.raises(ValidationError) as info:
        check_transition(final, S.LISTED, actor)
    assert "不能再改动" in info.value.message


def test_skipping_a_step_names_both_statuses() -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(S.LISTED, S.RESOLVED, Actor.COUNTY)
    assert info.value.message == "需求状态不能从“待认领”直接改为“已办结”"


def test_close_requires_an_evaluation_first() -> None:
    with pytest.raises(ValidationError):
        check_transition(S.RESOLVED, S.CLOSED, Actor.COUNTY)


def test_reject_reason() -> None:
    assert check_reject_reason("  不属于文明实践服务范围 ") == "不属于文明实践服务范围"
    for bad in (None, "", "   \n"):
        with pytest.raises(ValidationError) as info:
            check_reject_reason(bad)
        assert info.value.field == "reject_reason"
        assert "退回理由" in info.value.message


def test_is_open() -> None:
    open_ = {s for s in DemandStatus if is_open(s)}
    assert open_ == {
        S.SUBMITTED,
        S.TRIAGED,
        S.LISTED,
        S.DISPATCHED,
        S.CLAIMED,
        S.IN_PROGRESS,
        S.ESCALATED,
    }


def test_county_has_acted() -> None:
    untouched = {s for s in DemandStatus if not county_has_acted(s)}
    assert untouched == {S.DRAFT, S.SUBMITTED, S.CANCELLED}
    assert county_has_acted(S.TRIAGED)
    assert county_has_acted(S.REJECTED)
    assert county_has_acted(S.CLOSED)


def test_is_overdue() -> None:
    due = date(2024, 5, 10)
    assert is_overdue(S.IN_PROGRESS, due, date(2024, 5, 11))
    assert not is_overdue(S.IN_PROGRESS, due, date(2024, 5, 10)), "the due day itself is in time"
    assert not is_overdue(S.IN_PROGRESS, due, date(2024, 5, 9))
    assert not is_overdue(S.IN_PROGRESS, None, date(2030, 1, 1))
    for done in (S.RESOLVED, S.FEEDBACK_GIVEN, S.CLOSED, S.REJECTED, S.CANCELLED, S.DRAFT):
        assert not is_overdue(done, due, date(2024, 6, 1)), done
    assert is_overdue(S.ESCALATED, due, date(2024, 6, 1))


def test_awaiting_evaluation() -> None:
    assert [s for s in DemandStatus if awaiting_evaluation(s)] == [S.RESOLVED]


def test_evaluation_levels() -> None:
    assert [e.value for e in Evaluation] == [
        "VERY_SATISFIED",
        "SATISFIED",
        "BASICALLY_SATISFIED",
        "DISSATISFIED",
        "VERY_DISSATISFIED",
    ]
    assert [EVALUATION_LABELS[e] for e in Evaluation] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]


def test_urgency_and_channel_labels() -> None:
    assert [URGENCY_LABELS[u] for u in Urgency] == ["一般", "紧急", "特急"]
    assert [u.value for u in Urgency] == ["NORMAL", "URGENT", "VERY_URGENT"]
    assert set(CHANNEL_LABELS) == set(Channel)
    assert CHANNEL_LABELS[Channel.HOTLINE] == "文明实践110"
    assert CHANNEL_LABELS[Channel.MENU_ORDER] == "点单"
    assert [c.value for c in Channel] == [
        "NEEDS_DESK",
        "MICRO_WISH",
        "HOTLINE",
        "HOME_VISIT",
        "GRID_REPORT",
        "MENU_ORDER",
        "OTHER",
    ]


def test_unknown_stored_value_is_rejected_by_the_enum() -> None:
    with pytest.raises(ValueError):
        DemandStatus("OVERDUE")
