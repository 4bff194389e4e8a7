#!/usr/bin/env python3
"""Runs every test_*() in tests/integration/test_*.py against the live
stack.  Usage: run.py [filter].  Last line: "N passed, N failed".  The
courses and gigs the run makes are removed at its end
(hunar_test.catalogue_sweep()): the developer's demo keeps its own."""
import importlib.util
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from hunar_test import catalogue_mark, catalogue_swept  # noqa: E402


def main():
    flt = sys.argv[1] if len(sys.argv) > 1 else ""
    catalogue_mark()
    try:
        passed, failed = run(flt)
    finally:
        print(catalogue_swept())
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def run(flt):
    passed = failed = 0
    for fname in sorted(os.listdir(HERE)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(fname[:-3],
                                                      os.path.join(HERE, fname))
        mod = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(mod)
        except Exception:
            print("not ok %s (import)" % fname)
            traceback.print_exc()
            failed += 1
            continue
        names = [n for n in vars(mod) if n.startswith("test_") and
                 callable(getattr(mod, n))]
        # Definition order: a file may build on its earlier cases.
        names.sort(key=lambda n: getattr(mod, n).__code__.co_firstlineno)
        for n in names:
            full = "%s:%s" % (fname, n)
            if flt and flt not in full:
                continue
            t0 = time.time()
            try:
                getattr(mod, n)()
            except Exception:
                print("not ok %s" % full)
                traceback.print_exc()
                failed += 1
            else:
                print("ok %s (%.1fs)" % (full, time.time() - t0))
                passed += 1
            sys.stdout.flush()
    return passed, failed


if __name__ == "__main__":
    sys.exit(main())
