-- KEYS[1] = the challenge hash; ARGV[1] = max attempts.
-- Counts the attempt before any comparison, so at most max comparisons ever happen for one code.
-- Returns "NONE" | "BURNED" | "<attempts>|<mac>"
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NONE'
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts > tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return 'BURNED'
end
return attempts .. '|' .. redis.call('HGET', KEYS[1], 'mac')
