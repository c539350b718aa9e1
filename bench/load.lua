-- wrk script for bench/load.sh: one request shape per wrk process (LOAD_PATH), a fresh seed per request so no
-- answer is cached anywhere, status codes counted in every thread and summed at the end with the latency
-- percentiles. With LOAD_COUNT=0 there is no response hook, because wrk then keeps every body in memory to hand it
-- to Lua (64 MiB a large answer); only the count of non-2xx answers is known. Output lines start with "load:".
local threads = {}
local path = os.getenv("LOAD_PATH") or "/v1/weights?shape=16,16&format=raw"
local label = os.getenv("LOAD_LABEL") or "requests"

function setup(thread)
	thread:set("id", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	counts = {}
	seed = id * 1000000000
end

function request()
	seed = seed + 1
	return wrk.format("GET", path .. "&seed=" .. seed)
end

if os.getenv("LOAD_COUNT") ~= "0" then
	function response(status, headers, body)
		counts[status] = (counts[status] or 0) + 1
	end
end

function done(summary, latency, requests)
	local total = {}
	for _, thread in ipairs(threads) do
		for status, n in pairs(thread:get("counts")) do
			total[status] = (total[status] or 0) + n
		end
	end
	local parts = {}
	for status, n in pairs(total) do
		table.insert(parts, status .. "=" .. n)
	end
	table.sort(parts)
	if #parts > 0 then
		io.write(string.format("load: %s statuses %s\n", label, table.concat(parts, " ")))
	else
		io.write(string.format("load: %s statuses 2xx=%d non-2xx=%d\n", label, summary.requests - summary.errors.status,
			summary.errors.status))
	end
	io.write(string.format("load: %s requests %d in %.1f s, socket errors connect=%d read=%d write=%d timeout=%d\n",
		label, summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read,
		summary.errors.write, summary.errors.timeout))
	io.write(string.format("load: %s latency ms p50=%.2f p90=%.2f p99=%.2f max=%.2f\n", label,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency.max / 1000))
end
