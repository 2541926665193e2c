"""What a console user may see and do (views/access.py), derived from the domain's policy table."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Role
from tenfour.domain.policy import PERMISSIONS, READS
from tenfour.views.access import SCREENS, access_of
from tenfour.web.routes import SCREENS as PAGES
from tests.unit.domain.world import World

# The screens each role had when the console kept its own lists, but records: the records screen
# now follows who may read a timeline, so call takers and dispatchers have it too.
EXPECTED = {
    Role.CALL_TAKER: ["calltaker", "records"],
    Role.DISPATCHER: ["dispatch", "calltaker", "records"],
    Role.SUPERVISOR: ["command", "dispatch", "calltaker", "records"],
    Role.COMMANDER: ["command", "dispatch", "calltaker", "records"],
    Role.UNIT: ["unit"],
    Role.RECORDS: ["records"],
    Role.ADMIN: ["records"],
    Role.PARTNER: [],
}


@pytest.fixture
def world() -> World:
    w = World()
    w.do(SYSTEM, c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
    return w


@pytest.mark.parametrize(("role", "screens"), EXPECTED.items())
def test_each_role_sees_the_screens_of_its_work(
    world: World, role: Role, screens: list[str]
) -> None:
    access = access_of(world.state, role, "MPD")
    assert access.screens == screens
    assert access.home == (screens[0] if screens else None)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_commands_and_reads_are_the_policy_tables(world: World, role: Role) -> None:
    access = access_of(world.state, role, "MPD")
    directing = role in (Role.SUPERVISOR, Role.COMMANDER)  # the default directive policy
    expected = {
        name
        for name, roles in PERMISSIONS.items()
        if role in roles and (directing or name not in ("IssueDirective", "LiftDirective"))
    }
    assert set(access.commands) == expected and access.commands == sorted(expected)
    assert access.reads == sorted(name for name, roles in READS.items() if role in roles)


def test_the_agencys_directive_policy_moves_the_command_screen(world: World) -> None:
    assert "command" not in access_of(world.state, Role.DISPATCHER, "MPD").screens
    world.do(SYSTEM, c.SetDirectivePolicy(agency="MPD", directive_roles=("dispatcher",)))
    dispatcher = access_of(world.state, Role.DISPATCHER, "MPD")
    assert dispatcher.home == "command"
    assert {"IssueDirective", "LiftDirective"} <= set(dispatcher.commands)
    supervisor = access_of(world.state, Role.SUPERVISOR, "MPD")
    assert "command" not in supervisor.screens and "IssueDirective" not in supervisor.commands
    assert supervisor.home == "dispatch"


def test_an_unknown_agency_directs_nothing(world: World) -> None:
    access = access_of(world.state, Role.COMMANDER, "NOWHERE")
    assert "IssueDirective" not in access.commands and "command" not in access.screens


def test_every_console_screen_has_a_rule_and_a_page() -> None:
    assert set(SCREENS) == set(PAGES)
