"""Figures shared by the benchmark scripts."""


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0.95 for p95) of the sorted values: the nearest rank at or below."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]
