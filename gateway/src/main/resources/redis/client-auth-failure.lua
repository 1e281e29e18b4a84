-- Counts a failed client authentication in a fixed window that starts with the first failure.
-- KEYS[1] = the client's count of failures from one address; ARGV[1] = the window (ms). Returns the count.
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return failures
