"""Use cases. Each public function takes a ``Database`` first, owns exactly one transaction and
returns plain result objects (never ORM rows bound to a closed session)."""
