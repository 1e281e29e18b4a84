-- Gives back a code or refresh token whose take handed nothing out: the take's answer came too late, the store failed
-- while what it grants was issued, or its caller went away. Sent after the take on the same connection, so it runs
-- right after it; should it run first, it withdraws the take, which then takes nothing (oauth2-take-once.lua).
-- KEYS[1] = the value, KEYS[2] = its marker, KEYS[3] = the take's record (one slot). ARGV[1] = the record's lifetime (ms).
-- Returns "GIVEN_BACK", "WITHDRAWN" (the take had not run), "DONE" (settled already) or "SPENT" (the secret was presented
-- again meanwhile, which took its marker and revoked what it granted: it stays spent)
local record = redis.call('GET', KEYS[3])
if not record then
  redis.call('SET', KEYS[3], 'withdrawn', 'PX', ARGV[1])
  return 'WITHDRAWN'
end
if record == 'withdrawn' or record == 'given-back' then
  return 'DONE'
end
redis.call('SET', KEYS[3], 'given-back', 'KEEPTTL')
local value = redis.call('GETDEL', KEYS[2])
if not value then
  return 'SPENT'
end
local left = tonumber(record)
if left > 0 then
  redis.call('SET', KEYS[1], value, 'PX', left)
else
  redis.call('SET', KEYS[1], value)
end
return 'GIVEN_BACK'
