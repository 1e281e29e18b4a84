package io.sigillum.signer.pool;

import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.KeyRef;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A bounded LRU of loaded keys shared by the workers, so a signature never searches the token for its key. Every
 * invalidation moves {@link #generation()} on, so a worker that remembers its last key outside the lock can tell, with
 * one volatile read, that what it remembers may be stale.
 */
final class KeyHandleCache {

    private final Map<KeyRef, KeyHandle> handles;
    private volatile long generation;

    KeyHandleCache(int capacity) {
        this.handles = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<KeyRef, KeyHandle> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized @Nullable KeyHandle get(KeyRef ref) {
        return handles.get(ref);
    }

    /**
     * Caches {@code handle}, loaded after {@link #generation()} read {@code loadedAt}; a handle that an invalidation
     * overtook while it was being loaded may be of a key since replaced, and is not cached.
     */
    synchronized void put(KeyHandle handle, long loadedAt) {
        if (generation == loadedAt) {
            handles.put(handle.ref(), handle);
        }
    }

    /** Removes {@code ref}'s handle; a handle read before this, and remembered, is stale from now on. */
    synchronized void invalidate(KeyRef ref) {
        handles.remove(ref);
        generation++;
    }

    /** Moves on with every {@link #invalidate}; read it before {@link #get} to date what {@code get} returns. */
    long generation() {
        return generation;
    }
}
