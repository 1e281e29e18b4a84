package io.sigillum.gateway.web;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * What counts as an answer among the messages written to a connection, for the handlers that keep count of requests
 * and their answers: an interim (1xx) response, such as 100 Continue, answers nothing.
 */
final class HttpAnswers {

    private HttpAnswers() {
    }

    /** Whether {@code message} is the head of a final answer. */
    static boolean begins(Object message) {
        return message instanceof HttpResponse response && !interim(response);
    }

    /** Whether {@code message} is the last part of a final answer (a whole answer is one too). */
    static boolean ends(Object message) {
        return message instanceof LastHttpContent && !(message instanceof HttpResponse response && interim(response));
    }

    private static boolean interim(HttpResponse response) {
        return response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }
}
