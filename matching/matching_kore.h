/*
 * matching's public header, Kore half: what another domain's handlers
 * may ask of the matcher from inside Kore.  The pure half is
 * matching/matching.h.
 */
#ifndef HUNAR_MATCHING_KORE_H
#define HUNAR_MATCHING_KORE_H

#include <kore/kore.h>
#include <kore/http.h>

#include "matching/matching.h"

/*
 * The match scores of named people for one gig, as the ranked candidates
 * page shows them (0 .. 100; -1: the matcher holds no such trainee, or no
 * matcher answered).  The caller fills user[] and n, then calls
 * match_scores_run() on each run of its handler: 0 while the matcher is
 * asked (from a Kore task; the request sleeps and is woken), 1 once
 * score[] is filled.  match_scores_free() lets the task go.
 */
#define MATCH_SCORES_MAX	200

struct match_scores {
	void		*task;
	int		 done;
	int		 n;
	uint64_t	 gig;
	uint64_t	 user[MATCH_SCORES_MAX];
	double		 score[MATCH_SCORES_MAX];
};

int	match_scores_run(struct http_request *, struct match_scores *);
void	match_scores_free(struct match_scores *);

#endif
