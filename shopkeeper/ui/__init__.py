"""The PySide6 window: a thin face over ``shopkeeper.services``.

Rules of this package: no SQL and no business rule here. Every service call goes through
``operations.Operations`` (one path: errors become messages, changes become one signal); views
build widgets, controllers wire signals; work that may take long runs off the GUI thread and
comes back by signal. Modules named ``wording`` and ``counter.scanner`` are Qt-free on purpose,
so their logic is tested without a window.
"""
