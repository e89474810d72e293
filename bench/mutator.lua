-- wrk script: POSTs cart-mutator requests with LANECAST_LINES cart lines in the German
-- example store's categories, a new orderId each (identical requests would be answered
-- from storage). Environment: LANECAST_TOKEN, LANECAST_LINES, LANECAST_RUN.

local counter = 0
local threads = {}
local head, tail, items

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local function item(i)
  local categories = { "Getränke", "Backwaren", "Obst & Gemüse", "Bier", "Milchprodukte" }
  local category = categories[(i % #categories) + 1]
  local cents = 99 + (i * 37) % 900
  local price = string.format("%d.%02d", math.floor(cents / 100), cents % 100)
  return string.format(
    '{"id":"item-%d","externalId":"sku-%d","name":"Artikel %d","barcode":"400%07d","category":"%s",' ..
    '"sku":"sku-%d","thumbnail":"","price":%s,"productId":%d,"quantity":%d,' ..
    '"productSnapshot":{"name":"Artikel %d","price":"%s","barcode":"400%07d","category":"%s",' ..
    '"sku":"sku-%d","externalId":"sku-%d","taxCode":"","weight":0,"id":%d,"productId":%d},"taxLines":[]}',
    i, i, i, i, category, i, price, i, 1 + i % 3, i, price, i, category, i, i, i, i)
end

function init(args)
  local lines = tonumber(os.getenv("LANECAST_LINES") or "1")
  local parts = {}
  for i = 1, lines do parts[#parts + 1] = item(i) end
  items = table.concat(parts, ",")
  head = '{"sessionId":"bench-session","session":{"sessionId":"bench-session"},' ..
         '"customer":{"id":"c1","role":"customer"},"storeId":1,"storeExternalId":"bench",' ..
         '"timeOfOrigin":"2026-11-25T11:00:00Z","timeOfIssue":"2026-11-25T11:00:02Z","orderId":'
  tail = ',"status":"draft","cart":[' .. items .. '],"totalPrice":"0.00","totalTax":"0.00",' ..
         '"subtotalPrice":"0.00","payment":{"paymentStatus":"success","paymentTransactionIds":[]},"metadata":{}}'
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("LANECAST_TOKEN")
end

function request()
  counter = counter + 1
  local order_id = thread_id * 100000000 + counter + tonumber(os.getenv("LANECAST_RUN") or "0") * 1000000000
  return wrk.format(nil, nil, nil, head .. order_id .. tail)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
