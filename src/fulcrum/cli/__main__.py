"""``python -m fulcrum.cli``: the same as the ``fulcrum`` command."""

from fulcrum.cli import main

main()
