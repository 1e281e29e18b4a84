-- Takes a single-use secret's value (an authorization code, a refresh token) and leaves a marker holding it in its
-- place, so that the secret presented again is known as reused and names what its first use was granted.
-- KEYS[1] = the value, KEYS[2] = its marker (one hash tag: one slot). ARGV[1] = the marker's lifetime (ms).
-- For a take that may be given back (refresh tokens: oauth2-give-back.lua), KEYS[3] = this take's record, in the same
-- slot, and ARGV[2] = its lifetime (ms): it keeps what the value had left to live; a take whose give-back ran first
-- (its answer was given up on before it ran) takes nothing.
-- Returns "TAKEN|<value>", "REUSED|<value>" (the marker is taken with it: a reuse is acted on once), "UNKNOWN" or
-- "WITHDRAWN" (given back before it ran)
local record = KEYS[3]
if record and redis.call('EXISTS', record) == 1 then
  return 'WITHDRAWN'
end
local left = redis.call('PTTL', KEYS[1])
local value = redis.call('GETDEL', KEYS[1])
if value then
  redis.call('SET', KEYS[2], value, 'PX', ARGV[1])
  if record then
    redis.call('SET', record, left, 'PX', ARGV[2])
  end
  return 'TAKEN|' .. value
end
value = redis.call('GETDEL', KEYS[2])
if value then
  return 'REUSED|' .. value
end
return 'UNKNOWN'
