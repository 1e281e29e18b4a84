package io.sigillum.gateway.sad;

import java.time.Duration;

/**
 * A SAD as handed to the platform, with the id under which it is audited (a hash of the SAD, never the SAD itself).
 */
public record IssuedSad(String value, String id, Duration expiresIn) {

    @Override
    public String toString() {
        return "IssuedSad[" + id + "]";
    }
}
