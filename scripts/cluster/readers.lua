-- wrk script for make test-cluster: readers' pages in turn, each answer counted by its status
-- (wrk's own summary counts a 3xx as a success; here only a 2xx is).
local paths = {
  "/", "/missions/minusma/", "/missions/minusma/timeline/", "/missions/minusma/casualties/",
  "/missions/minusca/", "/fr/missions/minusma/",
}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n, ok, other = 0, 0, 0
  wrk.headers["Accept-Encoding"] = "br, gzip"
end

function request()
  n = n + 1
  return wrk.format("GET", paths[n % #paths + 1])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local answered_ok, answered_other = 0, 0
  for _, thread in ipairs(threads) do
    answered_ok = answered_ok + thread:get("ok")
    answered_other = answered_other + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d ok=%d other=%d socket_errors=%d seconds=%.2f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, answered_ok, answered_other, e.connect + e.read + e.write + e.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
