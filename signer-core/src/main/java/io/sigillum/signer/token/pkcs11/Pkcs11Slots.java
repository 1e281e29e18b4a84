package io.sigillum.signer.token.pkcs11;

import io.sigillum.signer.TokenUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Finds a slot by token label. SunPKCS11 only knows slot ids and slot-list indexes, so we ask the module directly
 * (C_GetSlotList, C_GetTokenInfo) through the FFM API. Assumes the LP64 ABI (CK_ULONG is 64 bits), true for the
 * Linux x86-64 and aarch64 builds we ship for.
 */
final class Pkcs11Slots {

    private static final long CKR_OK = 0;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    private static final int TOKEN_INFO_SIZE = 1024;
    private static final int LABEL_LENGTH = 32;

    private Pkcs11Slots() {
    }

    // calling into the PKCS#11 module is the point of this class; the JVM runs with --enable-native-access
    @SuppressWarnings("restricted")
    static long slotIdOfLabel(Path library, String label) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup module = SymbolLookup.libraryLookup(library, arena);
            Linker linker = Linker.nativeLinker();
            MethodHandle initialize = handle(linker, module, "C_Initialize",
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            MethodHandle finalizeModule = handle(linker, module, "C_Finalize",
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            MethodHandle slotList = handle(linker, module, "C_GetSlotList", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_BYTE, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MethodHandle tokenInfo = handle(linker, module, "C_GetTokenInfo",
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

            long rv = (long) initialize.invokeExact(MemorySegment.NULL);
            if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new TokenUnavailableException("C_Initialize failed: 0x" + Long.toHexString(rv));
            }
            try {
                MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
                check((long) slotList.invokeExact((byte) 1, MemorySegment.NULL, count), "C_GetSlotList");
                long n = count.get(ValueLayout.JAVA_LONG, 0);
                MemorySegment slots = arena.allocate(ValueLayout.JAVA_LONG, Math.max(n, 1));
                check((long) slotList.invokeExact((byte) 1, slots, count), "C_GetSlotList");
                MemorySegment info = arena.allocate(TOKEN_INFO_SIZE);
                for (long i = 0; i < count.get(ValueLayout.JAVA_LONG, 0); i++) {
                    long slot = slots.getAtIndex(ValueLayout.JAVA_LONG, i);
                    if ((long) tokenInfo.invokeExact(slot, info) == CKR_OK && label.equals(labelOf(info))) {
                        return slot;
                    }
                }
                throw new TokenUnavailableException("no PKCS#11 token labelled '" + label + "'");
            } finally {
                if (rv == CKR_OK) {
                    long ignored = (long) finalizeModule.invokeExact(MemorySegment.NULL);
                }
            }
        } catch (TokenUnavailableException e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenUnavailableException("cannot list the slots of " + library.getFileName() + ": " + e, e);
        }
    }

    private static String labelOf(MemorySegment tokenInfo) {
        byte[] label = tokenInfo.asSlice(0, LABEL_LENGTH).toArray(ValueLayout.JAVA_BYTE);
        return new String(label, StandardCharsets.UTF_8).stripTrailing();
    }

    @SuppressWarnings("restricted") // see slotIdOfLabel
    private static MethodHandle handle(Linker linker, SymbolLookup module, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = module.find(name)
                .orElseThrow(() -> new TokenUnavailableException("PKCS#11 module has no " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    private static void check(long rv, String function) {
        if (rv != CKR_OK) {
            throw new TokenUnavailableException(function + " failed: 0x" + Long.toHexString(rv));
        }
    }
}
