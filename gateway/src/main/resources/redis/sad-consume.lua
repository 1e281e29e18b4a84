-- Atomically checks and spends a SAD for one signHash call.
-- KEYS[1] = SAD hash, KEYS[2] = its set of authorized hashes, KEYS[3] = this call's spend record.
-- ARGV[1] = platform, ARGV[2] = credential, ARGV[3] = hash algorithm OID, ARGV[4] = the spend record's lifetime (ms),
-- ARGV[5] = the hashes to sign, comma separated (canonical Base64: never a comma), ARGV[6] = how many,
-- ARGV[7] = the signature algorithm OID the call signs with.
-- Returns "OK|<remaining>" | "NOT_FOUND" | "FOREIGN" | "WRONG_BINDING" | "WRONG_ALGORITHM"
--       | "WRONG_SIGN_ALGORITHM|<the grant's>" | "HASH_NOT_AUTHORIZED|<index>"
--       | "EXHAUSTED|<remaining>" | "WITHDRAWN" (the gateway gave this call up before it ran: sad-refund.lua)
-- A SAD whose signatures are all spent stays until it expires, at 0, so that a call the gateway gave up on after it
-- spent the last signature can still be refunded; to a caller it is gone (NOT_FOUND), as an unknown one.
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 'WITHDRAWN'
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NOT_FOUND'
end
local sad = redis.call('HMGET', KEYS[1], 'platform', 'credential', 'alg', 'remaining', 'list', 'salg')
local remaining = tonumber(sad[4])
if remaining <= 0 then
  return 'NOT_FOUND'
end
if sad[1] ~= ARGV[1] then
  return 'FOREIGN' -- another platform's: to this one it does not exist
end
if sad[2] ~= ARGV[2] then
  return 'WRONG_BINDING'
end
if sad[3] ~= ARGV[3] then
  return 'WRONG_ALGORITHM'
end
if sad[6] and sad[6] ~= ARGV[7] then
  return 'WRONG_SIGN_ALGORITHM|' .. sad[6] -- the holder approved that algorithm only
end
-- the very list the SAD was given for (the usual call) is authorized as a whole; any other, hash by hash
if sad[5] ~= ARGV[5] then
  local unauthorized = first_unauthorized(KEYS[2], ARGV[5])
  if unauthorized then
    return 'HASH_NOT_AUTHORIZED|' .. unauthorized
  end
end
local wanted = tonumber(ARGV[6])
if remaining < wanted then
  return 'EXHAUSTED|' .. remaining
end
remaining = redis.call('HINCRBY', KEYS[1], 'remaining', -wanted)
redis.call('SET', KEYS[3], wanted, 'PX', ARGV[4])
return 'OK|' .. remaining
