-- wrk script: JSON gig searches that miss the Redis cache (a different
-- minimum budget each time), so every request runs the PostgreSQL search.
math.randomseed(os.time())
request = function()
	local path = string.format("/api/v1/gigs?q=design&sort=relevance&min=%d",
	    math.random(0, 9999999))
	return wrk.format("GET", path)
end
