package io.sigillum.signer.token;

import io.sigillum.signer.algorithm.KeyAlgorithm;

import java.security.PublicKey;

/** What a caller may know about a key: its name, algorithm and public half. */
public record KeyInfo(KeyRef ref, KeyAlgorithm algorithm, PublicKey publicKey) {
}
