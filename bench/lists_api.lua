-- wrk script of bench/lists_api.py: each request carries one of the credentials in BENCH_AUTH
-- (one "Header: value" a line, taken in turn, so that the 20 connections act as 20 sessions),
-- and the summary is written as one line of JSON for the bench to read.

local credentials = {}
local sent = 0

function init(args)
  for line in string.gmatch(os.getenv("BENCH_AUTH") or "", "[^\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    table.insert(credentials, { [name] = value })
  end
end

function request()
  sent = sent + 1
  if #credentials == 0 then
    return wrk.format(nil, nil)
  end
  return wrk.format(nil, nil, credentials[(sent % #credentials) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "errors_status": %d, "errors_connect": %d, "errors_read": %d, '
      .. '"errors_timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.status, errors.connect, errors.read,
    errors.timeout
  ))
end
