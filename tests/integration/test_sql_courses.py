"""courses' rules where they run: in PostgreSQL.  The pass/fail rule is
course_outcome() (courses/sql/R__course_grading.sql), called by
course_complete_check() for every answer and every lesson; these cases
pin it down at its edges."""
from hunar_test import sql

# lessons, done, questions, answered, correct, pass mark -> outcome, score
CASES = [
    ((5, 0, 5, 0, 0, 60), ("progress", None)),     # nothing done
    ((5, 5, 5, 4, 4, 60), ("progress", None)),     # one question to answer
    ((5, 4, 5, 5, 5, 60), ("progress", None)),     # one lesson to go
    ((5, 5, 5, 5, 3, 60), ("passed", "60")),       # 60% exactly passes
    ((5, 5, 5, 5, 2, 60), ("failed", "40")),
    ((3, 3, 3, 3, 2, 67), ("failed", "66")),       # rounded down
    ((5, 5, 5, 5, 0, 0), ("passed", "0")),         # no pass mark
    ((5, 5, 0, 0, 0, 100), ("passed", "100")),     # no quizzes
    ((0, 0, 0, 0, 0, 0), ("progress", None)),      # an empty course
    ((5, 5, 3, 3, 7, 100), ("passed", "100")),     # correct capped
    ((5, 5, 3, 3, -1, 1), ("failed", "0")),        # and floored
]


def test_sql_course_outcome_edges():
    for args, want in CASES:
        got = sql("SELECT outcome, score FROM course_outcome("
                  ":'p1', :'p2', :'p3', :'p4', :'p5', :'p6')",
                  *[str(a) for a in args])
        got = (got[0][0], got[0][1] or None)
        assert got == want, (args, got, want)


def test_sql_course_complete_check_unknown_enrolment_is_progress():
    row = sql("SELECT outcome, cert, score FROM "
              "course_complete_check(-1, NULL)")
    assert row[0][0] == "progress" and not row[0][1] and not row[0][2], row
