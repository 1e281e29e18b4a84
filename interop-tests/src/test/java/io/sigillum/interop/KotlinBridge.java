package io.sigillum.interop;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

import kotlin.Result;
import kotlin.ResultKt;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.internal.DefaultConstructorMarker;
import kotlinx.coroutines.BuildersKt;

/**
 * Calls a Kotlin library's API from Java where Java source cannot name it.
 *
 * <p>The EUDI client takes and returns Kotlin value classes ({@code CredentialID}, {@code HttpsUrl}, {@code Result}),
 * so the Kotlin compiler gives those functions JVM names with a hash suffix ({@code listCredentials-32wXPJQ}) and
 * their constructors an extra {@link DefaultConstructorMarker} parameter: neither can be written in Java. This looks
 * them up by their Kotlin name instead, runs suspend functions to completion with {@code runBlocking}, and unwraps
 * {@code kotlin.Result} (a failure is rethrown).
 */
final class KotlinBridge {

    private KotlinBridge() {
    }

    /** Runs the suspend function {@code name} of {@code target} and returns its value, unwrapped from {@code Result}. */
    static Object await(Object target, String name, Object... args) {
        Method method = find(target.getClass(), name, args.length + 1, true);
        Object value;
        try {
            value = BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
                (scope, continuation) -> invoke(method, target, append(args, continuation)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        return unwrap(value);
    }

    /** Calls the ordinary (not suspend) function or property getter {@code name} of {@code target}. */
    static Object call(Object target, String name, Object... args) {
        return unwrap(invoke(find(target.getClass(), name, args.length, false), target, args));
    }

    /** Creates an instance through the constructor that takes {@code args} (with or without the marker Kotlin adds). */
    static <T> T construct(Class<T> type, Object... args) {
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            Object[] actual;
            if (parameters.length == args.length) {
                actual = args;
            } else if (parameters.length == args.length + 1 && parameters[args.length] == DefaultConstructorMarker.class) {
                actual = append(args, null);
            } else {
                continue;
            }
            try {
                return type.cast(constructor.newInstance(actual));
            } catch (IllegalArgumentException notThisOne) {
                // another constructor with the same number of parameters
            } catch (InvocationTargetException e) {
                throw rethrow(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("no constructor of " + type.getName() + " takes " + Arrays.toString(args));
    }

    private static Method find(Class<?> type, String name, int parameterCount, boolean suspend) {
        for (Method method : type.getMethods()) {
            boolean named = method.getName().equals(name) || method.getName().startsWith(name + "-");
            boolean endsWithContinuation = method.getParameterCount() > 0
                && method.getParameterTypes()[method.getParameterCount() - 1] == Continuation.class;
            if (named && method.getParameterCount() == parameterCount && endsWithContinuation == suspend) {
                method.setAccessible(true);
                return method;
            }
        }
        throw new IllegalArgumentException("no " + (suspend ? "suspend " : "") + "function " + name + " with "
            + parameterCount + " parameters in " + type.getName());
    }

    private static Object invoke(Method method, Object target, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code kotlin.Result}, boxed or not: its value, or its failure thrown. Any other value as it is. */
    private static Object unwrap(Object value) {
        Object inner = value instanceof Result<?> result
            ? invoke(find(Result.class, "unbox-impl", 0, false), result, new Object[0])
            : value;
        ResultKt.throwOnFailure(inner);
        return inner;
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
