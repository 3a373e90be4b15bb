"""Customer forms (new and edit)."""
