"""Plain-Python loyalty rules: no Qt, no database session, no I/O."""
