"""Developer tools shipped with the source (the translation catalogs)."""
