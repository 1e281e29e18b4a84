-- Counts a client authentication as a failure before its secret is checked, so that guesses sent together are counted
-- one by one; one that succeeds gives its try back (client-auth-refund.lua). The window starts with the first try.
-- KEYS[1] = the client's count of tries from one address; ARGV[1] = the window (ms), ARGV[2] = the failures allowed.
-- Returns 0 when the try was counted (its secret may be checked), else the ms the window has left.
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[2]) then
  local left = redis.call('PTTL', KEYS[1])
  if left > 0 then
    return left
  end
  return 1
end
if redis.call('INCR', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 0
