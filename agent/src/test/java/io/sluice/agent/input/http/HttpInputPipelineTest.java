package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.connection.ConnectionMetrics;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.connection.ProgressRules;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.http.HttpMessages.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Netty pipeline, fed raw bytes through an EmbeddedChannel; the ingest runs inline instead of on a pool. */
class HttpInputPipelineTest {

  private static final int BODY_LIMIT = 1024;

  private final RecordingSink sink = new RecordingSink();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final EmbeddedChannel channel = newChannel();

  private EmbeddedChannel newChannel() {
    HttpInputMetrics metrics = new HttpInputMetrics(registry);
    SinkIngest ingest = new SinkIngest(config().bodyLimit(BODY_LIMIT).build(), sink, metrics);
    PeerProblemLog problems = new PeerProblemLog(LoggerFactory.getLogger(HttpInput.class), "HTTP",
        Duration.ofMinutes(1));
    ProgressRules progress = new ProgressRules(Duration.ofMinutes(1), 1024, Duration.ofSeconds(10),
        ProgressRules.MessageEnds.HTTP_REQUESTS, new ConnectionMetrics(registry, "http"), problems);
    return new EmbeddedChannel(new HttpInputPipeline(BODY_LIMIT, progress,
        () -> new IngestChannelHandler(ingest, Runnable::run, metrics, Clock.systemUTC(), problems),
        InFlightBudget.unlimited(), Optional.empty(), false));
  }

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private List<Response> exchange(byte[]... writes) throws IOException {
    for (byte[] bytes : writes) {
      channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }
    channel.runPendingTasks();
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      out.release();
      written.writeBytes(bytes);
    }
    return HttpMessages.readAll(written.toByteArray());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(bytes);
    }
    return compressed.toByteArray();
  }

  private static byte[] gzipPost(byte[] gzipped) {
    String head = "POST /zipped HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        + "Content-Length: " + gzipped.length + "\r\n\r\n";
    return HttpMessages.concat(head.getBytes(StandardCharsets.US_ASCII), gzipped);
  }

  @Test
  void pipelinedRequestsAreAnsweredInRequestOrder() throws Exception {
    byte[] three = HttpMessages.concat(
        HttpMessages.post("/first", "application/json", "{\"n\":1}"),
        HttpMessages.post("/second", "application/json", "{broken"),
        HttpMessages.post("/third", "application/json", "{\"n\":3}"));

    List<Response> responses = exchange(three);

    assertThat(responses).extracting(Response::status).containsExactly(200, 400, 200);
    assertThat(sink.batches()).extracting(batch -> batch.tag()).containsExactly("first", "third");
  }

  @Test
  void aGzipBodyIsDecompressedBeforeItIsRead() throws Exception {
    byte[] json = "[{\"n\":1},{\"n\":2}]".getBytes(StandardCharsets.UTF_8);

    List<Response> responses = exchange(gzipPost(gzip(json)));

    assertThat(responses).extracting(Response::status).containsExactly(200);
    assertThat(sink.batches().get(0).records()).extracting(record -> new String(record.body(),
        StandardCharsets.UTF_8)).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void aGzipBodyOverTheLimitOnceDecompressedIsTooLarge() throws Exception {
    byte[] inflated = ("[" + "{\"pad\":\"" + "x".repeat(BODY_LIMIT) + "\"}]").getBytes(StandardCharsets.UTF_8);
    byte[] gzipped = gzip(inflated);
    assertThat(gzipped.length).isLessThan(BODY_LIMIT);

    List<Response> responses = exchange(gzipPost(gzipped));

    assertThat(responses).extracting(Response::status).containsExactly(413);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aCorruptGzipBodyIsABadRequestThatClosesTheConnection() throws Exception {
    List<Response> responses = exchange(gzipPost("definitely not gzip".getBytes(StandardCharsets.US_ASCII)));

    assertThat(responses).singleElement().satisfies(response -> {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).contains("the body could not be decompressed");
    });
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aGzipBodyShorterThanItsHeaderIsABadRequestSayingItIsNotGzip() throws Exception {
    List<Response> responses = exchange(gzipPost("{}".getBytes(StandardCharsets.US_ASCII)));

    assertThat(responses).singleElement().satisfies(response -> {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).contains("it is not valid gzip");
    });
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aContentLengthOverTheLimitIsAnswered413BeforeTheBodyArrives() throws Exception {
    String head = "POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + (BODY_LIMIT + 1) + "\r\n\r\n";

    List<Response> responses = exchange(head.getBytes(StandardCharsets.US_ASCII));

    assertThat(responses).extracting(Response::status).containsExactly(413);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void anOverLimitExpectContinueGetsTheInputs413InsteadOfContinue() throws Exception {
    String head = "POST /big HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
        + (BODY_LIMIT + 1) + "\r\n\r\n";

    List<Response> responses = exchange(head.getBytes(StandardCharsets.US_ASCII));

    assertThat(responses).singleElement().satisfies(response -> {
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("body_limit");
    });
  }

  @Test
  void afterA413TheRestOfTheBodyIsSkippedAndTheConnectionServesTheNextRequest() throws Exception {
    byte[] oversized = HttpMessages.post("/big", "application/json", "[" + "{},".repeat(BODY_LIMIT) + "{}]");
    byte[] next = HttpMessages.post("/next", "application/json", "{}");

    List<Response> responses = exchange(oversized, next);

    assertThat(responses).extracting(Response::status).containsExactly(413, 200);
    assertThat(sink.batches()).extracting(batch -> batch.tag()).containsExactly("next");
  }

  @Test
  void aChunkedBodyOverTheLimitIsTooLarge() throws Exception {
    String chunk = "x".repeat(600);
    String request = "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
        + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

    List<Response> responses = exchange(request.getBytes(StandardCharsets.US_ASCII));

    assertThat(responses).extracting(Response::status).containsExactly(413);
  }

  @Test
  void aMalformedRequestIsABadRequestThatClosesTheConnection() throws Exception {
    List<Response> responses = exchange("POST /t HTTP/1.1\r\nContent-Length: nope\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));

    assertThat(responses).extracting(Response::status).containsExactly(400);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aConnectionCloseRequestIsAnsweredThenClosed() throws Exception {
    List<Response> responses = exchange(HttpMessages.post("/t", "application/json", "{}", "Connection: close"));

    assertThat(responses).singleElement().satisfies(response ->
        assertThat(response.header("Connection")).isEqualTo("close"));
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void everyAnswerIsCountedByStatusWithItsLatency() throws Exception {
    exchange(HttpMessages.post("/t", "application/json", "{}"), HttpMessages.post("/t", "application/json", "[1]"));

    assertThat(Metrics.counter(registry, "sluice_http_requests", "code", "200")).isEqualTo(1);
    assertThat(Metrics.counter(registry, "sluice_http_requests", "code", "400")).isEqualTo(1);
    assertThat(Metrics.histogramCount(registry, "sluice_http_request_duration_seconds")).isEqualTo(2);
  }
}
