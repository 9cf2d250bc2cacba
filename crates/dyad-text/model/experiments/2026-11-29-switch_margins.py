# Ninth session (2026-11-29): the per-text choice of weight set by the
# models' own confidence: DOC lines with both sets' margin counts
# (2026-11-29-switch-margins.patch instead of the doc-lines patch), stumps
# on their differences (share of candidates within 4 / 8 of the
# threshold, ratio of mean |score|), nested over the five folds.
# Usage: python3 2026-11-29-switch_margins.py DOCLINES.txt
import importlib.util
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('switch_rules', os.path.join(here, '2026-11-29-switch_rules.py'))
rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rules)


def margins(r):
    """[candidates, within 4, within 8, sum |score|] for prose, then layout."""
    a, b = ([float(x) for x in m.split(',')] for m in re.findall(r'\[([^\]]*)\]', r['line']))
    n = max(a[0], 1)
    return dict(du4=(b[1] - a[1]) / n, du8=(b[2] - a[2]) / n,
                dmean=b[3] / (a[3] + 1e-9), du4a=b[1] - a[1], du8a=b[2] - a[2])


rules.run(sys.argv[1], extra=margins, keys=['du4', 'du8', 'dmean', 'du4a', 'du8a'], steps=40)
