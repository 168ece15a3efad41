"""``ucjlib.notebooks``: the report notebooks, shipped inside the package.

Open the ``.ipynb`` files in JupyterLab; ``ucj report`` runs them too, found through
:mod:`ucjlib.paths` from a checkout and from an installed wheel alike. Nothing to import here.
"""
