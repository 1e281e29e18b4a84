-- Undoes one signHash call's spend that the gateway gave up on (its answer came too late, or never): whether the call
-- ran or not, afterwards its signatures are not spent. Sent after the call on the same connection, so it normally runs
-- right after it; should it run first, it withdraws the call, which then spends nothing.
-- KEYS[1] = SAD hash, KEYS[2] = the call's spend record. ARGV[1] = the spend record's lifetime (ms).
-- Returns "REFUNDED|<signatures>" | "WITHDRAWN" (the call had not run) | "DONE" (already settled) | "EXPIRED" (the SAD is gone)
local spent = redis.call('GET', KEYS[2])
if not spent then
  redis.call('SET', KEYS[2], 'withdrawn', 'PX', ARGV[1])
  return 'WITHDRAWN'
end
if spent == 'withdrawn' or spent == 'refunded' then
  return 'DONE'
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'EXPIRED'
end
redis.call('HINCRBY', KEYS[1], 'remaining', tonumber(spent))
redis.call('SET', KEYS[2], 'refunded', 'KEEPTTL')
return 'REFUNDED|' .. spent
