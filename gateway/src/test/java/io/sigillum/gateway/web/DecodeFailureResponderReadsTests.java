package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** When a connection stops reading: too many requests unanswered, or a refusal waiting behind answers not yet out. */
class DecodeFailureResponderReadsTests {

    private final ReadCounter reads = new ReadCounter();
    private final EmbeddedChannel channel = new EmbeddedChannel(reads,
            new DecodeFailureResponder(JsonMapper.builder().build(), 8192));

    @Test
    void readsStopAtTheLimitOfUnansweredRequestsAndGoOnWithTheNextAnswer() {
        for (int i = 0; i < DecodeFailureResponder.MAX_UNANSWERED - 1; i++) {
            channel.writeInbound(request(HttpVersion.HTTP_1_1));
        }
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(request(HttpVersion.HTTP_1_1));
        assertThat(channel.config().isAutoRead()).isFalse();
        int before = reads.count;
        channel.read();
        assertThat(reads.count).as("a read asked for while held").isEqualTo(before);

        channel.writeOutbound(answer());
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(reads.count).as("reading again").isGreaterThan(before);
    }

    @Test
    void aRefusalWaitingForTheAnswerAheadOfItHoldsReads() {
        channel.writeInbound(request(HttpVersion.HTTP_1_1));
        channel.writeInbound(request(HttpVersion.valueOf("HTTP/1.7")));
        assertThat(channel.config().isAutoRead()).isFalse();
        int before = reads.count;
        channel.read();
        assertThat(reads.count).isEqualTo(before);

        channel.writeOutbound(answer());
        Object first = channel.readOutbound();
        Object refusal = channel.readOutbound();
        assertThat(first).isInstanceOf(DefaultFullHttpResponse.class);
        assertThat(((DefaultFullHttpResponse) refusal).status()).isEqualTo(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED);
    }

    private static FullHttpRequest request(HttpVersion version) {
        FullHttpRequest request = new DefaultFullHttpRequest(version, HttpMethod.GET, "/csc/v2/info");
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        return request;
    }

    private static DefaultFullHttpResponse answer() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    }

    /** Counts the reads that reach the channel. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {

        private int count;

        @Override
        public void read(ChannelHandlerContext context) {
            count++;
            context.read();
        }
    }
}
