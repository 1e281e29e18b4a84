-- Takes a SAD out of Redis for extendTransaction: checks its binding, deletes it, and returns what it granted.
-- KEYS[1] = SAD hash, KEYS[2] = its hash set; ARGV[1] = platform, ARGV[2] = credential.
-- Returns "NOT_FOUND" | "WRONG_BINDING" | "OK|<alg>|<remaining>|<hash1>,<hash2>,..."
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NOT_FOUND'
end
local sad = redis.call('HMGET', KEYS[1], 'platform', 'credential', 'alg', 'remaining')
if sad[1] ~= ARGV[1] or sad[2] ~= ARGV[2] then
  return 'WRONG_BINDING'
end
local hashes = redis.call('SMEMBERS', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2])
return 'OK|' .. sad[3] .. '|' .. sad[4] .. '|' .. table.concat(hashes, ',')
