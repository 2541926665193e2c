"""What a console user may see and do: screens, commands and reads, from the domain's policy.

The console shows a screen only to a role that may do that screen's work, so a screen is named
here by the command (or read) it exists for, never by a list of roles: change the policy table
and the console follows. The server still refuses whatever the console offers by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tenfour.domain.actors import Role
from tenfour.domain.policy import bound_to_unit, commands_for, reads_for
from tenfour.domain.state import DispatchState


@dataclass(frozen=True, slots=True)
class Access:
    """A principal's console: its screens (the first is its home), commands and reads."""

    screens: list[str]
    commands: list[str]
    reads: list[str]

    @property
    def home(self) -> str | None:
        """The screen the role works on, if it has one."""
        return self.screens[0] if self.screens else None


Rule = Callable[[Role, list[str], list[str]], bool]

# In order of preference for a role's home screen (a supervisor lands on command, not dispatch).
SCREENS: dict[str, Rule] = {
    "unit": lambda role, commands, _: bound_to_unit(role) and "MarkEnRoute" in commands,
    "command": lambda _, commands, __: "IssueDirective" in commands,
    "dispatch": lambda _, commands, __: "DispatchUnit" in commands,
    "calltaker": lambda _, commands, __: "CreateIncident" in commands,
    "records": lambda _, __, reads: "IncidentTimeline" in reads,
}


def access_of(state: DispatchState, role: Role, agency: str) -> Access:
    """The console of ``role`` acting for ``agency`` (directives as the agency's policy says)."""
    known = state.agencies.get(agency)
    commands = commands_for(role, known.directive_roles if known else ())
    reads = reads_for(role)
    screens = [name for name, rule in SCREENS.items() if rule(role, commands, reads)]
    return Access(screens=screens, commands=commands, reads=reads)
