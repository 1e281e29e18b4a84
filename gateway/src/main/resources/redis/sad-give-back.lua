-- Gives back the signatures of a signHash call that spent them (its answer came) but released nothing: its signing or
-- its audit record failed, so no signature left the gateway.
-- KEYS[1] = SAD hash, KEYS[2] = the call's spend record. ARGV[1] = the signatures it spent, ARGV[2] = the spend
-- record's lifetime (ms). Returns "REFUNDED|<signatures>" | "DONE" (already given back) | "EXPIRED" (the SAD is gone)
if redis.call('GET', KEYS[2]) == 'refunded' then
  return 'DONE'
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'EXPIRED'
end
redis.call('HINCRBY', KEYS[1], 'remaining', tonumber(ARGV[1]))
redis.call('SET', KEYS[2], 'refunded', 'PX', ARGV[2])
return 'REFUNDED|' .. ARGV[1]
