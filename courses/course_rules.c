/*
 * Score and completion.  A course is complete when every lesson went
 * out and every question was answered (or skipped with NEXT, which counts
 * as wrong); it is passed when the share of right answers reaches the
 * course's pass mark.  The same rule runs in SQL (course_outcome() in
 * courses/sql/R__course_grading.sql); the unit tests pin it down here.
 */
#include "courses/courses.h"

/* Percent of right answers, rounded down; a course without questions
 * scores 100. */
int
course_score_percent(int correct, int questions)
{
	if (questions <= 0)
		return (100);
	if (correct < 0)
		correct = 0;
	if (correct > questions)
		correct = questions;
	return ((int)((100L * correct) / questions));
}

int
course_outcome(const struct course_score *s)
{
	if (s->lessons <= 0 || s->lessons_done < s->lessons ||
	    s->answered < s->questions)
		return (COURSE_PROGRESS);
	if (course_score_percent(s->correct, s->questions) >= s->pass_mark)
		return (COURSE_PASSED);
	return (COURSE_FAILED);
}
