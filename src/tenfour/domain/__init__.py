"""The rules of dispatch: pure Python, no I/O, no framework.

``decide(state, command, actor, now)`` returns the events a command produces or raises
``Rejected``; ``apply(state, event, recorded)`` changes the live state. Nothing else in tenfour
changes dispatch state.
"""
