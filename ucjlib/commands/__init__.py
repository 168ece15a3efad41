"""Command groups of the ``ucj`` command line, one module each."""
