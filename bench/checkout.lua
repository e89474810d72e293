-- wrk script: POSTs the reference checkout payload with a unique orderId per request, so
-- every request is a new durable webhook (identical bodies would be deduplicated).
-- Environment: LANECAST_TOKEN, LANECAST_BODY (path of the JSON payload), LANECAST_CLOSE=1 for a
-- new connection per request (as a cloud sender without keep-alive does).

local counter = 0
local threads = {}
local body_template

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("LANECAST_BODY"), "r"))
  body_template = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("LANECAST_TOKEN")
  if os.getenv("LANECAST_CLOSE") == "1" then wrk.headers["Connection"] = "close" end
end

function request()
  counter = counter + 1
  local order_id = thread_id * 100000000 + counter + (tonumber(os.getenv("LANECAST_RUN") or "0") * 1000000000)
  local body = body_template:gsub('"orderId": 0', '"orderId": ' .. order_id, 1)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
