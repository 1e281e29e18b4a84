package io.sigillum.gateway.web;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The nice value of the calling thread, through the C library ({@code setpriority(2)} on the thread's own id): Java's
 * thread priorities reach the scheduler only under {@code -XX:ThreadPriorityPolicy=1}, which also moves the JIT and the
 * garbage collector's threads ahead of everything else. Linux only, where the nice value is per thread. A thread
 * inherits its creator's nice value, so a thread given a negative one is also marked {@code SCHED_RESET_ON_FORK}: the
 * threads it starts (a worker pool growing on demand, say) begin at the normal priority instead of sharing its own.
 */
final class ThreadNice {

    private static final int PRIO_PROCESS = 0;
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    private static final Optional<ThreadNice> LINUX = linkIfLinux();

    private final MethodHandle gettid;
    private final MethodHandle setpriority;
    private final MethodHandle getpriority;
    private final MethodHandle schedSetscheduler;

    @SuppressWarnings("restricted") // downcalls into the C library: the gateway runs with native access (README)
    private ThreadNice() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        gettid = linker.downcallHandle(libc.find("gettid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
        setpriority = linker.downcallHandle(libc.find("setpriority").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        getpriority = linker.downcallHandle(libc.find("getpriority").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        schedSetscheduler = linker.downcallHandle(libc.find("sched_setscheduler").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * The calling thread's scheduler, where its nice value can be read and set; empty off Linux, and where the C library
     * lacks a function used here (gettid came with glibc 2.30 and musl 1.2.2) or native access is denied.
     */
    static Optional<ThreadNice> available() {
        return LINUX;
    }

    private static Optional<ThreadNice> linkIfLinux() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ThreadNice());
        } catch (RuntimeException e) { // NoSuchElementException (a missing symbol), IllegalCallerException (access denied)
            return Optional.empty();
        }
    }

    /**
     * Sets the calling thread's nice value, not passed on to the threads it creates when negative; false when the OS
     * refused it (a negative value needs CAP_SYS_NICE). Never throws: it runs while a connection is being set up.
     */
    boolean set(int nice) {
        try (Arena arena = Arena.ofConfined()) {
            int thread = (int) gettid.invokeExact();
            MemorySegment noRealTimePriority = arena.allocate(JAVA_INT);
            return (int) schedSetscheduler.invokeExact(thread, SCHED_OTHER | SCHED_RESET_ON_FORK, noRealTimePriority) == 0
                    && (int) setpriority.invokeExact(PRIO_PROCESS, thread, nice) == 0;
        } catch (Throwable e) { // a downcall declares Throwable; none is expected from these two system calls
            return false;
        }
    }

    /** The calling thread's nice value. */
    int get() {
        try {
            return (int) getpriority.invokeExact(PRIO_PROCESS, (int) gettid.invokeExact());
        } catch (Throwable e) {
            throw new IllegalStateException("getpriority failed", e);
        }
    }
}
