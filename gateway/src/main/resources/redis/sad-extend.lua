-- Takes a SAD's grant for extendTransaction, only if the new grant asked for fits it: checks its binding and, when
-- hashes are given, that each is one the holder authorized (SCAL 2: a new SAD may narrow the grant to some of its
-- hashes, never bind it to others), that they are of the SAD's algorithm and no more than the signatures left; then
-- spends all its signatures, with a spend record as a signHash call leaves one (sad-consume.lua), and returns what it
-- granted. Spent, not deleted: should the new SAD never reach the platform (the answer came too late, its write or its
-- audit record failed), the gateway gives the signatures back (sad-refund.lua, sad-give-back.lua) and the old SAD signs
-- as before. A refused extension leaves the SAD as it was.
-- KEYS[1] = SAD hash, KEYS[2] = its hash set, KEYS[3] = this extension's spend record; ARGV[1] = platform,
-- ARGV[2] = credential, ARGV[3] = how many hashes (0: keep the grant's hashes), ARGV[4] = the hash algorithm OID the
-- caller named ('' none), ARGV[5] = the hashes, comma separated (canonical Base64: never a comma), ARGV[6] = the spend
-- record's lifetime (ms).
-- Returns "NOT_FOUND" | "FOREIGN" | "WRONG_BINDING" | "WRONG_ALGORITHM" | "HASH_NOT_AUTHORIZED|<index>"
--       | "EXHAUSTED|<remaining>"
--       | "OK|<alg>|<remaining>|<signature algorithm or ''>|<end of the authorization, epoch ms, or ''>|<hash1>,<hash2>,..."
--       | "WITHDRAWN" (the gateway gave this extension up before it ran)
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 'WITHDRAWN'
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NOT_FOUND'
end
local sad = redis.call('HMGET', KEYS[1], 'platform', 'credential', 'alg', 'remaining', 'salg', 'until')
if tonumber(sad[4]) <= 0 then
  return 'NOT_FOUND' -- all spent: kept only so that a call given up on can be refunded (sad-consume.lua)
end
if sad[1] ~= ARGV[1] then
  return 'FOREIGN' -- another platform's: to this one it does not exist
end
if sad[2] ~= ARGV[2] then
  return 'WRONG_BINDING'
end
if ARGV[4] ~= '' and ARGV[4] ~= sad[3] then
  return 'WRONG_ALGORITHM'
end
if tonumber(ARGV[3]) > 0 then
  local unauthorized = first_unauthorized(KEYS[2], ARGV[5])
  if unauthorized then
    return 'HASH_NOT_AUTHORIZED|' .. unauthorized
  end
end
local remaining = tonumber(sad[4])
local wanted = tonumber(ARGV[3])
if remaining < 1 or remaining < wanted then
  return 'EXHAUSTED|' .. remaining
end
-- the hashes in the order they were given (a SAD made before it kept that order: its set's)
local hashes = redis.call('HGET', KEYS[1], 'list') or table.concat(redis.call('SMEMBERS', KEYS[2]), ',')
redis.call('HSET', KEYS[1], 'remaining', 0)
redis.call('SET', KEYS[3], remaining, 'PX', ARGV[6])
return 'OK|' .. sad[3] .. '|' .. sad[4] .. '|' .. (sad[5] or '') .. '|' .. (sad[6] or '') .. '|' .. hashes
