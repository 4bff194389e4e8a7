-- wrk: prints the 95th percentile of the latency (wrk --latency shows
-- only 50/75/90/99) and the count of non-2xx answers.
local non2xx = 0
response = function(status, headers, body)
	if status < 200 or status > 299 then
		non2xx = non2xx + 1
	end
end
done = function(summary, latency, requests)
	io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
	io.write(string.format("p50_ms %.2f\n", latency:percentile(50) / 1000))
end
