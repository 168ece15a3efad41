"""Rendering results: style, charts, maps, narrative text and terminal tables.

Renderers read a typed result (:mod:`ucjlib.results`) and compute nothing new.
"""
