package io.sigillum.gateway.admission;

/**
 * Why a request was refused at the edge, the {@code reason} of {@code sigillum.admission.rejected}: its class's
 * in-flight limit and line were both full ({@link #FULL}: load shed), the line had not emptied within
 * {@code line-standing-after} ({@link #STANDING}: load above capacity), or it waited in line past {@code max-wait}
 * ({@link #WAITED}: a stall behind the limit). The gate answers the first two when a request would join its line.
 */
enum Refusal implements AdmissionGate.Place {
    FULL, STANDING, WAITED
}
