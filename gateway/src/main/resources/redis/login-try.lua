-- KEYS[1] = an address's count of wrong passwords, KEYS[2] = its lock (when the lock ends, ms since the epoch);
-- ARGV[1] = now (ms), ARGV[2] = wrong passwords that lock, ARGV[3] = the lockout (ms), ARGV[4] = how long a count is kept (ms).
-- Counts a sign-in try as a wrong password before its password is checked, so that tries sent together are counted one
-- by one: the one that reaches the limit locks. Returns the ms the lock has left (> 0) when the address is locked, else
-- minus the wrong tries counted with this one (the one that locked: minus the limit).
local now = tonumber(ARGV[1])
local lockedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if lockedUntil > now then
  return lockedUntil - now
end
local counted = redis.call('INCR', KEYS[1])
if counted >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[3])), 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return -counted
