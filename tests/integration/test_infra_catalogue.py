"""The demo catalogue after a test run.  A new user's walk found /courses,
/gigs and SMS COURSES/GIGS on a developer's stack littered with the
courses and gigs earlier `make test` runs had made (the tests run against
that stack's database).  Each runner now marks the newest course and gig
when it starts and removes what came after when it ends
(hunar_test.catalogue_sweep()): runs of the integration tests (a gig by
the API, courses by SQL, one copied) and of a journey with a "given gig"
leave the catalogue as they found it.  People too: a later walk found
"Test Kumar" and "Robert'); DROP TABLE users;" among the seed gig G1001's
applicants after `make test`; a run that registers people by SMS and
has them apply to G1001 and enrol in C106 leaves neither them nor their
applications and enrolments."""
import subprocess

from hunar_test import ROOT, sql

RUNS = [
    ["tests/integration/run.py",
     "test_web_gigs.py:test_post_gig_and_find_it_by_full_text"],
    ["tests/integration/run.py",
     "test_prog_journeys.py:test_prog_punjab_course_copied_by_balochistan"],
    ["tests/integration/run.py",
     "test_course_flow.py:test_course_capacity_and_waitlist"],
    ["tests/journeys/run.py", "2_mingora"],
    ["tests/integration/run.py",
     "test_ussd_sms_keywords.py:test_sms_keywords_english"],
]


def _catalogue():
    return (sql("SELECT code FROM courses ORDER BY code"),
            sql("SELECT code FROM gigs ORDER BY code"),
            sql("SELECT id FROM users ORDER BY id"),
            sql("SELECT id FROM applications ORDER BY id"),
            sql("SELECT id FROM enrolments ORDER BY id"))


def test_a_test_run_leaves_the_demo_catalogue_as_it_found_it():
    before = _catalogue()
    for run in RUNS:
        r = subprocess.run(["python3"] + run, cwd=ROOT, capture_output=True,
                           text=True, timeout=600)
        out = r.stdout.rstrip()
        assert out.endswith("1 passed, 0 failed"), (run, out[-1500:])
        assert "catalogue: " in out, (run, out[-300:])
        after = _catalogue()
        assert after == before, (run, [[x for x in a if x not in b]
                                       for a, b in zip(after, before)])
