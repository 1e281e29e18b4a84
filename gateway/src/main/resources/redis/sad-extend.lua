-- Takes a SAD out of Redis for extendTransaction, only if the new grant asked for fits it: checks its binding and, when
-- new hashes are given, that they are no more than the signatures left and of an algorithm the caller accepts; then
-- deletes it and returns what it granted. A refused extension leaves the SAD as it was.
-- KEYS[1] = SAD hash, KEYS[2] = its hash set; ARGV[1] = platform, ARGV[2] = credential,
-- ARGV[3] = how many new hashes (0: keep the grant's hashes), ARGV[4] = the algorithm OIDs the SAD's may be, comma
-- separated ('' = any: the caller named the new hashes' algorithm itself).
-- Returns "NOT_FOUND" | "FOREIGN" | "WRONG_BINDING" | "WRONG_ALGORITHM" | "EXHAUSTED|<remaining>" | "OK|<alg>|<remaining>|<hash1>,<hash2>,..."
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NOT_FOUND'
end
local sad = redis.call('HMGET', KEYS[1], 'platform', 'credential', 'alg', 'remaining')
if tonumber(sad[4]) <= 0 then
  return 'NOT_FOUND' -- all spent: kept only so that a call given up on can be refunded (sad-consume.lua)
end
if sad[1] ~= ARGV[1] then
  return 'FOREIGN' -- another platform's: to this one it does not exist
end
if sad[2] ~= ARGV[2] then
  return 'WRONG_BINDING'
end
local remaining = tonumber(sad[4])
local wanted = tonumber(ARGV[3])
if remaining < 1 or remaining < wanted then
  return 'EXHAUSTED|' .. remaining
end
if ARGV[4] ~= '' and string.find(',' .. ARGV[4] .. ',', ',' .. sad[3] .. ',', 1, true) == nil then
  return 'WRONG_ALGORITHM'
end
-- the hashes in the order they were given (a SAD made before it kept that order: its set's)
local hashes = redis.call('HGET', KEYS[1], 'list') or table.concat(redis.call('SMEMBERS', KEYS[2]), ',')
redis.call('DEL', KEYS[1], KEYS[2])
return 'OK|' .. sad[3] .. '|' .. sad[4] .. '|' .. hashes
