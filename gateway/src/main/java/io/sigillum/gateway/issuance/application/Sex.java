package io.sigillum.gateway.issuance.application;

/** Sex as a PESEL encodes it (the tenth digit: odd for men, even for women). */
public enum Sex {
    FEMALE, MALE
}
