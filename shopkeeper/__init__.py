"""Shopkeeper: a loyalty-program manager for small shops.

Layers (imports point downwards only): ``ui``/``cli`` -> ``services`` -> ``domain`` and ``storage``.
"""

__version__ = "0.1.0"
