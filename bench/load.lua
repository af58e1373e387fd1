-- wrk script for bench/run.ts. The request comes from the environment (set per run):
-- BENCH_METHOD, BENCH_PATH, BENCH_CT (content type), BENCH_BODY (a file holding the body).
-- With BENCH_IDS (a file of ids, one a line) each request appends the next id to BENCH_PATH,
-- so every poll asks about a different task; "wrapped" counts requests past the end of the list.
-- done() prints one JSON line that run.ts reads.

local function slurp(name)
  local f = assert(io.open(name, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
local ct = os.getenv("BENCH_CT")
if ct and ct ~= "" then wrk.headers["Content-Type"] = ct end
local bodyFile = os.getenv("BENCH_BODY")
if bodyFile and bodyFile ~= "" then wrk.body = slurp(bodyFile) end

local idsFile = os.getenv("BENCH_IDS")
if idsFile and idsFile ~= "" then
  local ids, n, i, looped = {}, 0, 0, false
  wrapped = 0
  for line in io.lines(idsFile) do
    n = n + 1
    ids[n] = line
  end
  request = function()
    i = i + 1
    if i > n then
      i = 1
      looped = true
    end
    if looped then wrapped = wrapped + 1 end
    return wrk.format(nil, wrk.path .. ids[i])
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local wraps = 0
  for _, t in ipairs(threads) do wraps = wraps + (t:get("wrapped") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"errors":%d,"non2xx":%d,"wrapped":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status, wraps))
end
