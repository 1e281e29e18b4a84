package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.netty.channel.AbortedException;
import reactor.util.context.Context;

/** Errors dropped by Reactor: a client gone is no ERROR; anything else is a WARN with its cause. */
class DroppedErrorsTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger(DroppedErrors.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void listen() {
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
        new DroppedErrors();
    }

    @AfterEach
    void stop() {
        Hooks.resetOnErrorDropped();
        logger.detachAppender(events);
        logger.setLevel(null);
    }

    @Test
    void aClientThatWentAwayIsNoError() {
        Operators.onErrorDropped(new AbortedException("Connection has been closed BEFORE send operation"), Context.empty());
        Operators.onErrorDropped(new IOException("Connection reset by peer"), Context.empty());

        assertThat(events.list).hasSize(2).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
    }

    @Test
    void anythingElseIsAWarningWithItsCause() {
        IllegalStateException failure = new IllegalStateException("the audit log could not commit");
        Operators.onErrorDropped(failure, Context.empty());

        assertThat(events.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("the audit log could not commit");
        });
    }
}
