/* The matcher's glue: SQL text rows into profiles and gigs, the JSON. */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"
#include "tests/unit/unit.h"

UNIT_TEST(match_cache_row_profile)
{
	struct match_profile	p;
	const char		*row[MATCH_PROFILE_COLS] = {
		"249", "31", "4", "full_time", "en,ur,fr", "83", "2", "450",
		"7", "1795679476", "1795000000", "2:3:0,19:1:1,36:2:0"
	};

	CHECK_INT(match_row_profile(row, &p), 0);
	CHECK_INT(p.user_id, 249);
	CHECK_INT(p.district_id, 31);
	CHECK_INT(p.province_id, 4);
	CHECK_INT(p.availability, MATCH_AVAIL_FULL);
	/* "fr" is not scored: ignored. */
	CHECK_INT(p.langs, MATCH_LANG_EN | MATCH_LANG_UR);
	CHECK_INT(p.quiz_avg, 83);
	CHECK_INT(p.certificates, 2);
	CHECK_INT(p.rating_x100, 450);
	CHECK_INT(p.completed_gigs, 7);
	CHECK_INT(p.last_active, 1795679476LL);
	CHECK_INT(p.nskills, 3);
	CHECK_INT(p.skills[1].id, 19);
	CHECK_INT(p.skills[1].level, 1);
	CHECK_INT(p.skills[1].certified, 1);

	/* No skills, no languages, unknown district: still a profile. */
	row[1] = "0";
	row[2] = "0";
	row[4] = "";
	row[11] = "";
	CHECK_INT(match_row_profile(row, &p), 0);
	CHECK_INT(p.nskills, 0);
	CHECK_INT(p.district_id, 0);
}

UNIT_TEST(match_cache_row_refused)
{
	struct match_profile	p;
	const char		*row[MATCH_PROFILE_COLS];
	static const char	*good[MATCH_PROFILE_COLS] = {
		"5", "1", "1", "weekends", "ur", "0", "0", "0", "0",
		"1700000000", "0", "1:1:0"
	};
	static const struct {
		int		 col;
		const char	*val;
	} bad[] = {
		{ 0, "0" }, { 0, "-5" }, { 0, "5x" }, { 0, "" },
		{ 3, "sometimes" }, { 5, "101" }, { 7, "50" }, { 7, "501" },
		{ 11, "1:1" }, { 11, "1:4:0" }, { 11, "1:1:2" },
		{ 11, "1:1:0,1:2:0" }, { 11, "600:1:0" }, { 11, "1:1:0," },
		{ 11, "a:b:c" }, { 11, "1:1:0;2:1:0" }, { 9, NULL },
	};
	size_t			i;

	memcpy(row, good, sizeof(row));
	CHECK_INT(match_row_profile(row, &p), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(row, good, sizeof(row));
		row[bad[i].col] = bad[i].val;
		if (match_row_profile(row, &p) != -1)
			printf("  accepted col %d = \"%s\"\n", bad[i].col,
			    bad[i].val ? bad[i].val : "(null)");
		CHECK_INT(match_row_profile(row, &p), -1);
	}
}

UNIT_TEST(match_cache_gig)
{
	struct match_gig	g;

	CHECK_INT(match_gig_parse(&g, 7, 3, 1, 1, "2:1:1,7:2:1,4:1:0"), 0);
	CHECK_INT(g.gig_id, 7);
	CHECK_INT(g.remote, 1);
	CHECK_INT(g.nskills, 3);
	CHECK_INT(g.skills[1].id, 7);
	CHECK_INT(g.skills[1].min_level, 2);
	CHECK_INT(g.skills[2].required, 0);
	CHECK_INT(match_gig_parse(&g, 7, 3, 1, 0, ""), 0);
	CHECK_INT(g.nskills, 0);
	CHECK_INT(match_gig_parse(&g, 7, 3, 1, 0, "2:1:1,2:1:0"), -1);
	CHECK_INT(match_gig_parse(&g, 7, 3, 1, 0, "2:0:1"), -1);
	CHECK_INT(match_gig_parse(&g, 7, 3, 1, 0, "2:1:5"), -1);
	CHECK_INT(match_gig_parse(&g, 7, 3, 1, 0, "99999:1:1"), -1);
}

UNIT_TEST(match_cache_json)
{
	struct match_weights	w;
	struct match_index	ix;
	struct match_gig	g;
	struct match_profile	p;
	struct match_topk	t;
	struct infra_buf	b;
	const char		*s;

	match_weights_default(&w);
	CHECK_INT(match_index_init(&ix, &w, 1700000000), 0);
	CHECK_INT(match_gig_parse(&g, 9, 1, 1, 0, "3:1:1,4:1:1,5:1:0"), 0);
	memset(&p, 0, sizeof(p));
	p.user_id = 11;
	p.district_id = 1;
	p.province_id = 1;
	p.last_active = 1700000000;
	p.nskills = 1;
	p.skills[0] = (struct match_skill){ 3, 2, 1 };
	CHECK_INT(match_index_put(&ix, &p), 0);
	p.user_id = 12;
	p.skills[0] = (struct match_skill){ 5, 1, 0 };
	CHECK_INT(match_index_put(&ix, &p), 0);
	CHECK_INT(match_topk_init(&t, 10), 0);
	CHECK_INT(match_index_rank(&ix, &g, &t, NULL), 0);
	CHECK_INT(match_topk_sorted(&t), 2);
	infra_buf_init(&b);
	CHECK_INT(match_json_hits(&b, &ix, &g, &t, 1, 2, 0.5, 0.25), 0);
	s = (const char *)b.data;
	/* Offset 1: only the second, ranked 2, lacking both required. */
	CHECK(strstr(s, "{\"gig_id\":9,\"total\":2,\"generated_ms\":0.500,"
	    "\"cpu_ms\":0.250,") == s);
	CHECK(strstr(s, "\"user_id\":12,\"rank\":2,") != NULL);
	CHECK(strstr(s, ",\"score_exact\":") != NULL);
	CHECK(strstr(s, "\"user_id\":11") == NULL);
	CHECK(strstr(s, "\"missing\":[3,4],\"missing_required\":2") != NULL);
	CHECK(strstr(s, "\"below\":[]}]}\n") != NULL);
	infra_buf_free(&b);
	match_topk_free(&t);
	match_index_free(&ix);

}

UNIT_TEST(match_cache_keys_and_shards)
{
	char		key[64], field[8];
	uint64_t	uid, b;
	int		i, n, count[3];

	CHECK_INT(match_key_bucket(key, sizeof(key), 1000), 0);
	CHECK_STR(key, "match:pb:7");
	CHECK_INT(match_key_field(field, sizeof(field), 1000), 0);
	CHECK_STR(field, "104");
	CHECK_INT(match_key_uid(key, field), 1000);
	CHECK_INT(match_key_bucket(key, 10, 1000000000), -1);
	CHECK_INT(match_key_uid("match:p:7", "104"), 0);
	CHECK_INT(match_key_uid("match:pb:7", "128"), 0);
	CHECK_INT(match_key_uid("match:pb:7x", "1"), 0);
	CHECK_INT(match_key_uid("match:pb:7", "-1"), 0);
	CHECK_INT(match_bucket_of("match:pb:12", &b), 0);
	CHECK_INT(b, 12);
	CHECK_INT(match_bucket_of("match:gen", &b), -1);

	/* A bucket's users share a shard; the shards are near-equal. */
	memset(count, 0, sizeof(count));
	for (uid = 1; uid < 300000; uid++) {
		count[match_shard_of(uid, 3)]++;
		if ((uid & 127) != 0)
			CHECK_INT(match_shard_of(uid, 3),
			    match_shard_of(uid - 1, 3));
	}
	for (i = 0; i < 3; i++)
		CHECK(count[i] > 90000 && count[i] < 110000);
	/* Pinned: tests/integration/test_match_cache.py computes it too. */
	for (b = 0; b < 10; b++)
		CHECK_INT(match_shard_of(b << 7, 2),
		    "1101000100"[b] - '0');
	CHECK_INT(match_shard_of(12345, 1), 0);
	CHECK_INT(match_shard_parse("1/3", &i, &n), 0);
	CHECK_INT(i, 1);
	CHECK_INT(n, 3);
	CHECK_INT(match_shard_parse("3/3", &i, &n), -1);
	CHECK_INT(match_shard_parse("0/0", &i, &n), -1);
	CHECK_INT(match_shard_parse("1", &i, &n), -1);
	CHECK_INT(match_shard_parse("1/x", &i, &n), -1);
	CHECK_INT(match_shard_parse("0/65", &i, &n), -1);
}

/*
 * Sharded ranking is exact: the population split in three by
 * match_shard_of(), each shard's best k written and parsed as the "TOP"
 * answer, sorted together, is the single index's top-k, score for score.
 */
UNIT_TEST(match_cache_shards_merge_exactly)
{
	struct match_weights	 w;
	struct match_index	 one, sh[3];
	struct match_profile	 p;
	struct match_gig	 g;
	struct match_topk	 t;
	struct match_hit	 all[3 * 40];
	struct infra_buf	 b;
	uint32_t		 total, sum, i;
	size_t			 n, got, k;
	int			 s;

	match_weights_default(&w);
	CHECK_INT(match_index_init(&one, &w, 1700000000), 0);
	for (s = 0; s < 3; s++)
		CHECK_INT(match_index_init(&sh[s], &w, 1700000000), 0);
	for (i = 0; i < 5000; i++) {
		memset(&p, 0, sizeof(p));
		p.user_id = 1 + i * 37;
		p.district_id = 1 + i % 7;
		p.province_id = (uint16_t)(1 + i % 3);
		p.quiz_avg = (uint8_t)(i % 101);
		p.last_active = 1700000000 - (int64_t)(i % 50) * 86400;
		p.nskills = 2;
		p.skills[0] = (struct match_skill){ (uint16_t)(1 + i % 5),
		    (uint8_t)(1 + i % 3), (uint8_t)(i % 2) };
		p.skills[1] = (struct match_skill){ (uint16_t)(6 + i % 4),
		    (uint8_t)(1 + i / 7 % 3), 0 };
		CHECK_INT(match_index_put(&one, &p), 0);
		CHECK_INT(match_index_put(&sh[match_shard_of(p.user_id, 3)],
		    &p), 0);
	}
	CHECK(sh[0].live > 1000 && sh[1].live > 1000 && sh[2].live > 1000);
	CHECK_INT(match_gig_parse(&g, 1, 3, 1, 0, "1:2:1,7:1:0,3:3:1"), 0);
	n = 0;
	sum = 0;
	for (s = 0; s < 3; s++) {
		CHECK_INT(match_topk_init(&t, 40), 0);
		CHECK_INT(match_index_rank(&sh[s], &g, &t, NULL), 0);
		match_topk_sorted(&t);
		infra_buf_init(&b);
		CHECK_INT(match_top_write(&b, &t, 1234), 0);
		CHECK_INT(match_top_parse((const char *)b.data, b.len,
		    (uint32_t)s, &total, all + n, 40, &got), 0);
		CHECK_INT(got, t.n);
		/* A cut answer is refused, not merged. */
		CHECK_INT(match_top_parse((const char *)b.data, b.len - 1,
		    (uint32_t)s, &total, all + n, 40, &got), -1);
		CHECK_INT(match_top_parse((const char *)b.data, b.len,
		    (uint32_t)s, &total, all + n, 40, &got), 0);
		n += got;
		sum += total;
		infra_buf_free(&b);
		match_topk_free(&t);
	}
	CHECK_INT(sum, 3 * 1234);
	match_hits_sort(all, n);
	CHECK_INT(match_topk_init(&t, 40), 0);
	CHECK_INT(match_index_rank(&one, &g, &t, NULL), 0);
	CHECK_INT(match_topk_sorted(&t), 40);
	for (k = 0; k < t.n; k++) {
		CHECK_INT(all[k].user_id, t.heap[k].user_id);
		CHECK_INT(all[k].score, t.heap[k].score);
	}
	CHECK_INT(match_top_parse("T 5\n12 x\n", 9, 0, &total, all, 4, &got),
	    -1);
	CHECK_INT(match_top_parse("12 3\n", 5, 0, &total, all, 4, &got), -1);
	match_topk_free(&t);
	match_index_free(&one);
	for (s = 0; s < 3; s++)
		match_index_free(&sh[s]);
}
