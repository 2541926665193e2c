"""Radio on the record: the audio store, decoding, and taking in recorders' calls (issue 17).

Beside the engine at the level of interop and reports: it submits commands through the engine
and keeps audio in a content-addressed store beside the database (docs/adr: radio on the record).
"""
