-- Records what a token family (the tokens one authorization code obtained, and their refreshes) has just issued: its
-- current refresh token, and the access token issued with it beside every other one of the family's that has not
-- expired yet (those expired are dropped here, so the family holds only what a revocation still has to end). Refused
-- once the family is revoked, so that tokens issued while it was being revoked are never handed out.
-- KEYS[1] = the family. ARGV[1] = the refresh token's key ('' for none), ARGV[2] = the access token's id,
-- ARGV[3] = its expiry (epoch ms), ARGV[4] = the family's lifetime (ms), ARGV[5] = now (epoch ms).
-- Returns 1, or 0 when the family is revoked
if redis.call('HEXISTS', KEYS[1], 'revoked') == 1 then
  return 0
end
local now = tonumber(ARGV[5])
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 7) == 'access:' and tonumber(fields[i + 1]) <= now then
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
if ARGV[1] ~= '' then
  redis.call('HSET', KEYS[1], 'refresh', ARGV[1])
end
redis.call('HSET', KEYS[1], 'access:' .. ARGV[2], ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1
