-- Takes a single-use secret's value (an authorization code, a refresh token) and leaves a marker holding it in its
-- place, so that the secret presented again is known as reused and names what its first use was granted. A take leaves
-- a record of its own, so that it can be given back (oauth2-give-back.lua); one whose give-back ran first (its answer
-- was given up on before it ran) takes nothing.
-- KEYS[1] = the value, KEYS[2] = its marker, KEYS[3] = this take's record (one hash tag: one slot).
-- ARGV[1] = the marker's lifetime (ms), ARGV[2] = the record's lifetime (ms).
-- Returns "TAKEN|<value>", "REUSED|<value>" (the marker is taken with it: a reuse is acted on once), "UNKNOWN" or
-- "WITHDRAWN" (given back before it ran)
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 'WITHDRAWN'
end
local left = redis.call('PTTL', KEYS[1])
local value = redis.call('GETDEL', KEYS[1])
if value then
  redis.call('SET', KEYS[2], value, 'PX', ARGV[1])
  -- what the value had left to live, for a give-back
  redis.call('SET', KEYS[3], left, 'PX', ARGV[2])
  return 'TAKEN|' .. value
end
value = redis.call('GETDEL', KEYS[2])
if value then
  return 'REUSED|' .. value
end
return 'UNKNOWN'
