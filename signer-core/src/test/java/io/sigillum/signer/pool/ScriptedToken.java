package io.sigillum.signer.pool;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.token.KeyHandle;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.TokenSession;

import java.security.ProviderException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real token with a fault-injection switchboard in front of its sessions: counts calls, breaks signatures on demand
 * (the way a dead PKCS#11 session does, with a {@link ProviderException}) and can hold signers at a gate.
 */
final class ScriptedToken implements SigningToken {

    final SigningToken delegate;
    final AtomicInteger sessionsOpened = new AtomicInteger();
    final AtomicInteger signCalls = new AtomicInteger();
    final AtomicInteger keyLoads = new AtomicInteger();
    /** Signatures still to break; negative means "break every one". */
    final AtomicInteger failuresToInject = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch arrivedAtGate = new CountDownLatch(1);
    /** What {@link #signsInProcess()} answers. */
    volatile boolean inProcess;
    /** The thread that made the last signature. */
    volatile Thread lastSigner;
    /** Set when a session was entered by a second thread while a first was still in it. */
    final AtomicBoolean sessionShared = new AtomicBoolean();

    ScriptedToken(SigningToken delegate) {
        this.delegate = delegate;
    }

    void breakNext(int signatures) {
        failuresToInject.set(signatures);
    }

    void breakEverything() {
        failuresToInject.set(-1);
    }

    void heal() {
        failuresToInject.set(0);
    }

    @Override
    public String description() {
        return "scripted " + delegate.description();
    }

    @Override
    public String signingProvider() {
        return delegate.signingProvider();
    }

    @Override
    public int recommendedWorkers() {
        return 2;
    }

    @Override
    public boolean signsInProcess() {
        return inProcess;
    }

    @Override
    public TokenSession openSession() {
        sessionsOpened.incrementAndGet();
        TokenSession session = delegate.openSession();
        AtomicBoolean inUse = new AtomicBoolean();
        return new TokenSession() {
            @Override
            public KeyHandle loadKey(KeyRef ref) {
                keyLoads.incrementAndGet();
                return session.loadKey(ref);
            }

            @Override
            public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] digest) {
                if (!inUse.compareAndSet(false, true)) {
                    sessionShared.set(true);
                }
                try {
                    return signOnce(key, scheme, digest);
                } finally {
                    inUse.set(false);
                }
            }

            private byte[] signOnce(KeyHandle key, SignatureScheme scheme, byte[] digest) {
                signCalls.incrementAndGet();
                lastSigner = Thread.currentThread();
                arrivedAtGate.countDown();
                try {
                    if (!gate.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int remaining = failuresToInject.getAndUpdate(n -> n > 0 ? n - 1 : n);
                if (remaining != 0) {
                    throw new ProviderException("CKR_SESSION_HANDLE_INVALID (injected)");
                }
                return session.sign(key, scheme, digest);
            }

            @Override
            public KeyInfo generateKey(KeyRef ref, KeyAlgorithm algorithm) {
                return session.generateKey(ref, algorithm);
            }

            @Override
            public List<X509Certificate> certificateChain(KeyRef ref) {
                return session.certificateChain(ref);
            }

            @Override
            public void storeCertificateChain(KeyRef ref, List<X509Certificate> chain) {
                session.storeCertificateChain(ref, chain);
            }

            @Override
            public void deleteKey(KeyRef ref) {
                session.deleteKey(ref);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
