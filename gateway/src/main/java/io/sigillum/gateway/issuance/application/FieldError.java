package io.sigillum.gateway.issuance.application;

/** One entry of a problem's {@code errors} list: the JSON path of the field, a machine code and a message. */
public record FieldError(String field, String code, String message) {
}
