"""Talking to other systems: NENA EIDO documents, CAD-to-CAD conveyance, OASIS CAP alerts."""
