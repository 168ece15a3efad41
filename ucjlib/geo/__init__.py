"""Where things are: region codes and names (the gazetteer) and boundary polygons.

``gazetteer`` reads the table of codes and names, ``wilayah`` turns user text into a
:class:`~ucjlib.geo.wilayah.Region` (the one resolver), ``sources`` finds the pinned
upstream files, ``build`` makes the boundary store, ``boundaries`` reads it and
``importer`` takes a user's own files.
"""
