"""Projections toward the UCJ target (see :func:`project`)."""
