"""Lighthouse's log-normal metric curve, anchored at two published control points."""

from __future__ import annotations

import math

# erfc^-1(1/5): puts the p10 control point at a score of 0.9.
INVERSE_ERFC_ONE_FIFTH = 0.9061938024368232


def log_normal_score(value: float, p10: float, median: float) -> float:
    """1.0 at zero, 0.9 at `p10`, 0.5 at `median`, towards 0 beyond; two decimals."""
    if value <= 0:
        return 1.0
    x_log_ratio = math.log(value / median)
    p10_log_ratio = -math.log(p10 / median)
    standardized = x_log_ratio * INVERSE_ERFC_ONE_FIFTH / p10_log_ratio
    score = math.erfc(standardized) / 2
    return round(min(1.0, max(0.0, score)), 2)
