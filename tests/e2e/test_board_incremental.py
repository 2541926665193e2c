"""The dispatch screen applies another console's changes row by row: the row that changed is
redrawn in place, the others are not touched (a mark set on their elements survives), a focused
row keeps its focus, both boards come in one request, and the unit board is asked for only when
a unit changed."""

from __future__ import annotations

from playwright.sync_api import Request, expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server

CALL = {"type_code": "disturbance", "lat": 60.1699, "lon": 24.9384}
# The row elements on screen, remembered; later, the rows on screen that are new elements.
MARK = (
    """() => { window.__rows = new WeakSet(document.querySelectorAll('#queue tr, #active tr')); }"""
)
UNMARKED = """() => [...document.querySelectorAll('#queue tr, #active tr')]
  .filter((tr) => !window.__rows.has(tr)).map((tr) => tr.dataset.id)"""


def test_another_console_s_change_redraws_one_row_in_place(login: Login, server: Server) -> None:
    made = [
        server.created("ct1", {**CALL, "priority": 2, "address": f"Bulevardi {n}"})
        for n in range(3)
    ]
    disp = login("disp1")
    for incident in made:
        expect(disp.locator(f"#queue tr[data-id='{incident}']")).to_be_visible()
    disp.evaluate(MARK)
    disp.evaluate(f"document.querySelector('#queue tr[data-id=\"{made[0]}\"] td').__untouched = 1")
    focused = disp.locator(f"#queue tr[data-id='{made[1]}']")
    focused.focus()
    asked: list[str] = []

    def note(request: Request) -> None:
        if "/api/v1/" in request.url:
            asked.append(request.url.split("/api/v1", 1)[1])

    disp.on("request", note)
    server.post("disp2", f"/incidents/{made[2]}/reclassify", {"type_code": "fight", "priority": 3})
    changed = disp.locator(f"#queue tr[data-id='{made[2]}']")
    expect(changed.locator("td").nth(2)).to_have_text("fight")
    assert disp.evaluate(UNMARKED) == [], "rows were rebuilt, not patched in place"
    kept = f"document.querySelector('#queue tr[data-id=\"{made[0]}\"] td').__untouched"
    assert disp.evaluate(kept) == 1, "an unchanged row's cells were redrawn"
    expect(focused).to_be_focused()
    boards = [path for path in asked if path.startswith("/board/")]
    assert boards and all(path.startswith("/board/windows?") for path in boards), asked
    assert not any(path.startswith("/units") for path in asked), "no unit changed"

    server.post("disp2", "/units/1A13/dispatch", {"incident": made[0], "reason": "closest"})
    expect(disp.locator(f"#active tr[data-id='{made[0]}']")).to_be_visible()
    expect(disp.locator("#units tr[data-id='1A13']")).to_have_attribute("data-status", "dispatched")
    assert any(path.startswith("/units") for path in asked), "a unit changed: the unit board"
    assert disp.evaluate(UNMARKED) == [made[0]], "only the row that moved to Active is new"
    expect(focused).to_be_focused()
