#!/usr/bin/env python3
"""The demo catalogue's mark and sweep for a runner that is not Python
(tests/browser/run.mjs): `catalogue.py mark` prints the newest course,
gig, person, application, enrolment and mentor slot ids; `catalogue.py sweep <ids>`
removes what was made after them and says how many
(hunar_test.catalogue_swept())."""
import sys

from hunar_test import catalogue_mark, catalogue_swept


def main():
    if sys.argv[1:2] == ["mark"]:
        print(" ".join(str(x) for x in catalogue_mark()))
        return 0
    if sys.argv[1:2] == ["sweep"] and len(sys.argv) == 8:
        print(catalogue_swept(tuple(int(x) for x in sys.argv[2:])))
        return 0
    print("usage: catalogue.py mark | sweep <course> <gig> <person> "
          "<application> <enrolment> <slot>", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
