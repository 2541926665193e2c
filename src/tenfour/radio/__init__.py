"""Radio on the record: recorders' calls taken in, stored, attributed, transcribed offline."""
