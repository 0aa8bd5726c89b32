#!/usr/bin/env python3
"""Compares two figures JSON files field by field, as the report reads them: selections
(which tickets a figure opens, rebuilt only where the tickets are) are left out, and an
absent field equals null.

    python3 scripts/compare_figures.py CORE.json OTHER.json [--sections intake,tickets]

CORE may be a whole analysis (`hotline report --json`); its `figures` are taken. Without
--sections, every section OTHER holds is compared. Prints each difference by its path and
exits 1 when there is any.
"""

import argparse
import json
import sys


def figures_of(path):
    value = json.load(open(path, encoding="utf-8"))
    if "figures" in value and "intake" not in value:
        value = value["figures"]
    return value


def normal(value):
    if isinstance(value, dict):
        return {
            k: normal(v)
            for k, v in value.items()
            if v is not None and k != "selection" and not k.endswith("_selection")
        }
    if isinstance(value, list):
        return [normal(v) for v in value]
    return value


def differences(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            differences(a.get(key), b.get(key), f"{path}.{key}" if path else key, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items against {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a, ensure_ascii=False)} against {json.dumps(b, ensure_ascii=False)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("core")
    parser.add_argument("other")
    parser.add_argument("--sections")
    args = parser.parse_args()
    core, other = normal(figures_of(args.core)), normal(figures_of(args.other))
    sections = args.sections.split(",") if args.sections else sorted(other)
    out = []
    for section in sections:
        differences(core.get(section), other.get(section), section, out)
    for line in out:
        print(line)
    print(f"{len(sections)} sections compared, {len(out)} differences", file=sys.stderr)
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
