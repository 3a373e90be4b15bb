"""Persistence: SQLModel tables, the engine with its pragmas, migrations and the search index."""
