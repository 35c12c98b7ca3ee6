-- wrk script for make bench-ingest: POSTs pre-signed WooCommerce order deliveries, each a
-- different order with its own delivery id, so that every 202 is a new message stored durably.
-- Signing happens beforehand (bench_ingest.py deliveries): wrk's Lua has no HMAC. Each wrk
-- thread reads its own file, "<base64 signature>\t<body>" per line, given as
-- `-- <path prefix>`; the thread's file is <prefix>-<thread number>.txt.
-- A thread that runs out starts its file again; those repeats answer 200 (duplicates) and are
-- counted, so the report can refuse a run that ran out.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local deliveries = {}
local next_index = 1
accepted, other = 0, 0  -- globals: done() reads them with thread:get

function init(args)
  local prefix = args[1]
  for line in io.lines(prefix .. "-" .. number .. ".txt") do
    local tab = line:find("\t", 1, true)
    deliveries[#deliveries + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) }
  end
end

function request()
  local delivery = deliveries[next_index]
  next_index = next_index % #deliveries + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-WC-Webhook-Source"] = "http://shop.test/",
    ["X-WC-Webhook-Topic"] = "order.created",
    ["X-WC-Webhook-Resource"] = "order",
    ["X-WC-Webhook-Event"] = "created",
    ["X-WC-Webhook-ID"] = "7",
    ["X-WC-Webhook-Delivery-ID"] = delivery[2]:match('"id":(%d+)'),
    ["X-WC-Webhook-Signature"] = delivery[1],
  }, delivery[2])
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_accepted, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("answers: %d accepted (202), %d other\n", total_accepted, total_other))
end
