-- bench/scenario.lua: one wrk script for every scenario of bench/app.sh.
--
-- Environment (read once per wrk thread):
--   BENCH_PATHS    file with one request path per line; requests cycle over
--                  them (each wrk thread starts at another offset)
--   BENCH_METHOD   GET (default) or POST
--   BENCH_COOKIE   Cookie header value, if any
--   BENCH_CSRF     for POST: the form's csrf field
--   BENCH_BODIES   for POST: file of answer texts, form-encoded, one per
--                  line; each request gets the next with a request counter
--                  appended, so no two answers are identical (the filters'
--                  duplicate detector would hold them)
-- done() prints one machine-readable line:
--   BENCH rps=... p50=... p95=... p99=... non2xx=... sockerr=... (latencies in µs)

local counter = 0
local threads = {}

local function read_lines(f)
	local t = {}
	local fh = io.open(f, "r")
	if fh == nil then return t end
	for line in fh:lines() do
		if line ~= "" then t[#t + 1] = line end
	end
	fh:close()
	return t
end

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

function setup(thread)
	thread:set("id", #threads)
	threads[#threads + 1] = thread
end

function init(args)
	paths = read_lines(os.getenv("BENCH_PATHS"))
	method = os.getenv("BENCH_METHOD") or "GET"
	headers = {}
	local ck = os.getenv("BENCH_COOKIE")
	if ck and ck ~= "" then headers["Cookie"] = ck end
	if method == "POST" then
		headers["Content-Type"] = "application/x-www-form-urlencoded"
		csrf = os.getenv("BENCH_CSRF") or ""
		bodies = read_lines(os.getenv("BENCH_BODIES") or "")
		if #bodies == 0 then bodies = { "answer" } end
	end
	counter = (id or 0) * 7919
end

function request()
	counter = counter + 1
	local p = paths[(counter % #paths) + 1]
	if method ~= "POST" then
		return wrk.format("GET", p, headers)
	end
	local text = bodies[(counter % #bodies) + 1] ..
	    urlencode(" (" .. (id or 0) .. "-" .. counter .. ")")
	return wrk.format("POST", p, headers,
	    "csrf=" .. urlencode(csrf) .. "&body=" .. text)
end

function done(summary, latency, requests)
	local e = summary.errors
	local secs = summary.duration / 1e6
	io.write(string.format("BENCH rps=%.0f p50=%d p95=%d p99=%d non2xx=%d " ..
	    "sockerr=%d requests=%d\n", summary.requests / secs,
	    latency:percentile(50), latency:percentile(95),
	    latency:percentile(99), e.status,
	    e.connect + e.read + e.write + e.timeout, summary.requests))
end
