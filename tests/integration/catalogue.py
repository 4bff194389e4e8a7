#!/usr/bin/env python3
"""The demo catalogue's mark and sweep for a runner that is not Python
(tests/browser/run.mjs): `catalogue.py mark` prints "<course> <gig>", the
newest ids; `catalogue.py sweep <course> <gig>` removes the courses and
gigs made after them and says how many (hunar_test.catalogue_swept())."""
import sys

from hunar_test import catalogue_mark, catalogue_swept


def main():
    if sys.argv[1:2] == ["mark"]:
        print("%d %d" % catalogue_mark())
        return 0
    if sys.argv[1:2] == ["sweep"] and len(sys.argv) == 4:
        print(catalogue_swept((int(sys.argv[2]), int(sys.argv[3]))))
        return 0
    print("usage: catalogue.py mark | sweep <course> <gig>", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
