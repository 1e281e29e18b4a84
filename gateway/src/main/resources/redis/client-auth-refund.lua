-- Gives back the try of a client authentication that succeeded (client-auth-try.lua counted it as a failure), unless
-- its window has ended meanwhile: a count is never made anew, so none is left without its expiry.
-- KEYS[1] = the client's count of tries from one address.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('DECR', KEYS[1])
end
return 0
