-- wrk script: the 1,000 searches of WEB_BENCH_QUERIES (one path a line,
-- most popular first), line r drawn with weight 1/r (Zipf, s = 1).  With
-- WEB_BENCH_MISS=1 each request also carries a different max budget far
-- above every gig's (PKR 90-100 million): the same answer, but a key the
-- cache has never seen, so every request runs the PostgreSQL search.
local paths, cum = {}, {}
local miss = os.getenv("WEB_BENCH_MISS") == "1"

init = function(args)
	local f = assert(io.open(os.getenv("WEB_BENCH_QUERIES"), "r"))
	local total = 0
	for line in f:lines() do
		paths[#paths + 1] = line
		total = total + 1 / #paths
		cum[#paths] = total
	end
	f:close()
	for i = 1, #cum do
		cum[i] = cum[i] / total
	end
	math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

local function draw()
	local u, lo, hi = math.random(), 1, #cum
	while lo < hi do
		local mid = math.floor((lo + hi) / 2)
		if cum[mid] < u then lo = mid + 1 else hi = mid end
	end
	return paths[lo]
end

request = function()
	local p = draw()
	if miss then
		p = p .. string.format("&max=%d", 100000000 - math.random(0, 9999999))
	end
	return wrk.format("GET", p)
end
