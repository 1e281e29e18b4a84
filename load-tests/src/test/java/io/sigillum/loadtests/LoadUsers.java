package io.sigillum.loadtests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's load-test users ({@code --sigillum.dev-data.load-users=N}: {@code load-user-1} … made like
 * {@code demo-user}, each with its own credential and phone), handed to arriving virtual users in turn. A credential
 * allows one outstanding SMS code and a new one only after the resend cooldown, so concurrent journeys must hold
 * different users: with N users and R arrivals per second a user comes back after N / R seconds, which the run scripts
 * keep well above a journey's duration plus the cooldown (1 s in the {@code loadtest} profile).
 */
final class LoadUsers {

    /** The PIN and account password every load user shares with demo-user (public dev values). */
    static final String PIN = "12345678";
    static final String PASSWORD = "demo-user-pass";

    private LoadUsers() {
    }

    /** userID, phone and email of users 1 … count, as the gateway's dev data makes them. */
    static List<Map<String, Object>> of(int count) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            users.add(Map.of("userID", "load-user-" + n, "phone", String.format(Locale.ROOT, "+48601%06d", n),
                    "email", "load-user-" + n + "@demo.local"));
        }
        return users;
    }

    /** As {@link #of}, each with its {@code credentialID} as the platform's credentials/list names it. */
    static List<Map<String, Object>> withCredentials(String baseUrl, String token, int count) {
        try {
            List<Map<String, Object>> users = new ArrayList<>();
            for (Map<String, Object> user : of(count)) {
                users.add(Map.of("userID", user.get("userID"), "phone", user.get("phone"), "email", user.get("email"),
                        "credentialID", CscSetup.credentialOf(baseUrl, token, (String) user.get("userID"))));
            }
            return users;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not list the load users' credentials (is the gateway started with "
                    + "--sigillum.dev-data.load-users=" + count + "?)", e);
        }
    }

    /** A feeder that hands the users out in turn, round and round. */
    static Iterator<Map<String, Object>> inTurn(List<Map<String, Object>> users) {
        AtomicLong next = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return users.get((int) (next.getAndIncrement() % users.size()));
            }
        };
    }
}
