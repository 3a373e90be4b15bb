"""The command-line face: parse, call a service, print. No rules, no SQL."""
