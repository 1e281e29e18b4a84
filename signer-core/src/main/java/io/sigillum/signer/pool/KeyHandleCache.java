package io.sigillum.signer.pool;

import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.KeyRef;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A bounded LRU of loaded keys shared by the workers, so a signature never searches the token for its key. */
final class KeyHandleCache {

    private final Map<KeyRef, KeyHandle> handles;

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

    synchronized void put(KeyHandle handle) {
        handles.put(handle.ref(), handle);
    }

    synchronized void invalidate(KeyRef ref) {
        handles.remove(ref);
    }
}
