#!/usr/bin/env python3
"""score-labels: the shared corpus labels, with the errata this project's rules disagree on.

Usage: score-labels.py LABELS.yaml OUT.yaml

The corpus labels every install as "installs a tool on each run", whatever the image. A guarded
install (`if ! command -v terraform; then wget ...; fi`, PowerShell's
`if (-not (Get-Command aws)) { ... }`) never runs on an image that has the tool, so BSL101 and
BSL102 stay silent there by design (docs/rules.md, BSL101): the score's TOOLS make such a label
want a BSL101 that would be false. Each erratum below turns one such label into "don't care"
(confidence: low), with the reason. When the labels already say so (the label is gone or is
low-confidence), this script fails, so that the erratum is removed.
"""
import sys

import yaml

ERRATA = [
    ("110.yml", 15, "guarded by if (-not (Get-Command aws)): runs only on an image without aws"),
    ("146.yml", 13, "guarded by if ! command -v terraform: runs only on an image without terraform"),
]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    labels = yaml.safe_load(open(sys.argv[1]))
    for name, line, why in ERRATA:
        hit = [x for x in (labels.get(name) or {}).get("installs") or [] if int(x["line"]) == line]
        if not hit or any(x.get("confidence") == "low" for x in hit):
            sys.exit(f"score-labels: {name}:{line}: the labels agree now; remove the erratum")
        for x in hit:
            x["confidence"] = "low"
            x["note"] = (x.get("note", "") + "; erratum: " + why).lstrip("; ")
    with open(sys.argv[2], "w") as out:
        yaml.safe_dump(labels, out, sort_keys=True)


if __name__ == "__main__":
    main()
