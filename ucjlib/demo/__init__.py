"""The synthetic demo: a deterministic generator calibrated to published figures.

``generate`` writes and opens demo datasets; ``calibration`` holds the plan
that makes the kabupaten totals reproduce ``published_figures.csv``.
"""
