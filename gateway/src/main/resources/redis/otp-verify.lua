-- KEYS[1] = the challenge hash; ARGV[1] = max attempts, ARGV[2] = the MAC of the code given.
-- Counts the attempt and compares in one step, so at most max comparisons ever happen for one code, and a right code is
-- spent by the first request that brings it: the same right code sent again alongside finds nothing (NONE) instead of
-- using up the tries and burning it. The MACs are keyed, so comparing them here tells a caller nothing about the code.
-- Returns "NONE" | "BURNED" | "ACCEPTED" | "WRONG"
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NONE'
end
local max = tonumber(ARGV[1])
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts > max then
  redis.call('DEL', KEYS[1])
  return 'BURNED'
end
if redis.call('HGET', KEYS[1], 'mac') == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 'ACCEPTED'
end
if attempts >= max then
  redis.call('DEL', KEYS[1])
  return 'BURNED'
end
return 'WRONG'
