package io.sluice.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.agent.connection.PeerProblemLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AdminHttpHandlerTest {

  private final EmbeddedChannel channel = new EmbeddedChannel(new AdminHttpHandler((method, uri) -> switch (uri) {
    case "/teapot" -> new AdminResponse(418, AdminResponse.TEXT, "short and stout");
    case "/broken" -> throw new IllegalStateException("collector failed");
    default -> new AdminResponse(405, AdminResponse.TEXT, "no");
  }, new PeerProblemLog(LoggerFactory.getLogger(AdminHttpHandlerTest.class), "Admin", Duration.ofMinutes(1))));

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private FullHttpResponse send(HttpMethod method, String uri) {
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    return channel.readOutbound();
  }

  @Test
  void writesTheRoutersStatusTypeAndBody() {
    FullHttpResponse response = send(HttpMethod.GET, "/teapot");

    assertThat(response.status().code()).isEqualTo(418);
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(AdminResponse.TEXT);
    assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(15);
    assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("short and stout");
    response.release();
  }

  @Test
  void aMethodNotAllowedAnswerNamesTheAllowedMethod() {
    FullHttpResponse response = send(HttpMethod.DELETE, "/metrics");

    assertThat(response.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET");
    response.release();
  }

  @Test
  void aRouterFailureAnswers500AndKeepsTheConnection() {
    FullHttpResponse response = send(HttpMethod.GET, "/broken");

    assertThat(response.status().code()).isEqualTo(500);
    assertThat(channel.isOpen()).isTrue();
    response.release();
  }

  @Test
  void keepsTheConnectionOpenForHttp11() {
    send(HttpMethod.GET, "/teapot").release();

    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void closesTheConnectionWhenTheClientAsksTo() {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/teapot");
    request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

    channel.writeInbound(request);
    ((FullHttpResponse) channel.readOutbound()).release();

    assertThat(channel.isOpen()).isFalse();
  }
}
