"""``ucjlib.data``: the committed inputs (rules, scenarios, assumptions, dictionary, docs).

This folder ships inside the package (see ``[tool.setuptools.package-dir]`` in
``pyproject.toml``); the code finds its files through :mod:`ucjlib.paths`, from a
checkout and from an installed wheel alike. Nothing to import here.
"""
