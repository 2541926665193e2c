"""The stream watcher's bookkeeping: seqs in order, duplicates and jumps counted."""

from __future__ import annotations

from tenfour.bench.steady import Ack, SteadyLoad, StreamWatch


def test_the_watcher_keeps_new_seqs_and_counts_repeats_and_jumps() -> None:
    watch = StreamWatch("http://127.0.0.1:1", "token", after=10)
    for message in ({"seq": 11}, {"seq": 12}, {"seq": 12}, {"seq": 9}, {"seq": 15}, {"type": "x"}):
        watch.take(message)
    assert watch.seqs == [11, 12, 15]
    assert watch.last == 15
    assert (watch.duplicates, watch.jumps) == (2, 1)


def test_the_takeover_is_the_first_answer_to_an_attempt_sent_after_the_fault() -> None:
    load = SteadyLoad("http://127.0.0.1:1", "token", ["I-1"])
    load.acks += [
        Ack("old", sent=0.5, acked=1.2, attempts=1, node="n1", forwarded_by=""),  # sent before
        Ack("late", sent=1.1, acked=3.0, attempts=2, node="n2", forwarded_by=""),
        Ack("first", sent=1.5, acked=2.5, attempts=1, node="n2", forwarded_by="n3"),
    ]
    ack = load.first_ack_sent_after(1.0)
    assert ack is not None and ack.key == "first"
    assert load.first_ack_sent_after(2.0) is None
    assert load.keys() == ["old", "late", "first"]
