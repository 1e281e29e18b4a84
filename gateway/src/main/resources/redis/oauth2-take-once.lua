-- Takes a single-use secret's value (an authorization code, a refresh token) and leaves a marker holding it in its
-- place, so that the secret presented again is known as reused and names what its first use was granted.
-- KEYS[1] = the value, KEYS[2] = its marker (one hash tag: one slot). ARGV[1] = the marker's lifetime (ms).
-- Returns "TAKEN|<value>", "REUSED|<value>" (the marker is taken with it: a reuse is acted on once) or "UNKNOWN"
local value = redis.call('GETDEL', KEYS[1])
if value then
  redis.call('SET', KEYS[2], value, 'PX', ARGV[1])
  return 'TAKEN|' .. value
end
value = redis.call('GETDEL', KEYS[2])
if value then
  return 'REUSED|' .. value
end
return 'UNKNOWN'
