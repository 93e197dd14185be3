package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest's decisions, driven without a socket. */
class SinkIngestTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
  private static final String JSON = "application/json";

  private final RecordingSink sink = new RecordingSink();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private HttpIngest ingest(TestConfig config) {
    return new SinkIngest(config.build(), sink, new HttpInputMetrics(registry));
  }

  private static IngestRequest post(String uri, String body, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", JSON);
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new IngestRequest("POST", uri, headers, body.getBytes(StandardCharsets.UTF_8), false, ARRIVAL);
  }

  @Test
  void aRequestWhoseConnectionClosedBeforeItWasStoredIsNotStored() {
    IngestResponse response = ingest(config()).handle(post("/app", "{\"a\":1}"), () -> false);

    assertThat(response.status()).isEqualTo(SinkIngest.CLIENT_CLOSED);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aValidRequestBecomesOneBatchUnderThePathsTag() {
    IngestResponse response = ingest(config()).handle(post("/app/web", "[{\"a\":1},{\"b\":2}]"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(sink.batches()).singleElement().satisfies(batch -> {
      assertThat(batch.tag()).isEqualTo("app.web");
      assertThat(batch.records()).hasSize(2);
    });
  }

  @Test
  void withoutTimeParameterOrKeyEventsGetTheArrivalTimeToTheNanosecond() {
    ingest(config()).handle(post("/t", "{\"a\":1}"));

    assertThat(sink.batches().get(0).records()).extracting(Record::epochNanos)
        .containsExactly(1_700_000_000_123_456_789L);
  }

  @Test
  void theTimeParameterSetsEveryEventsTime() {
    ingest(config().timeKey("ts")).handle(post("/t?time=1600000000.000000042", "[{\"ts\":1},{\"a\":1}]"));

    assertThat(sink.batches().get(0).records()).extracting(Record::epochNanos)
        .containsExactly(1_600_000_000_000_000_042L, 1_600_000_000_000_000_042L);
  }

  @Test
  void anInvalidRecordRejectsTheRequestAndNothingIsAppended() {
    IngestResponse response = ingest(config()).handle(post("/t", "[{}, {}, {}, \"x\"]"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"element 3 of the array is a string, not an object\"}");
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void anEmptyArrayIsAcceptedWithoutAppending() {
    assertThat(ingest(config()).handle(post("/t", "[]")).status()).isEqualTo(200);
    assertThat(sink.appendsStarted()).isZero();
  }

  @Test
  void theRootPathIsABadRequest() {
    IngestResponse response = ingest(config()).handle(post("/", "{}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("the path must name a tag");
  }

  @Test
  void aPathThatCannotNameATagIsNotFound() {
    assertThat(ingest(config()).handle(post("/a//b", "{}")).status()).isEqualTo(404);
  }

  @Test
  void aPutIsStoredLikeAPostAsFluentdDoes() {
    IngestRequest put = new IngestRequest("PUT", "/app", Map.of("Content-Type", JSON),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8), false, ARRIVAL);

    IngestResponse response = ingest(config()).handle(put);

    assertThat(response.status()).isEqualTo(200);
    assertThat(sink.batches()).singleElement().satisfies(batch -> assertThat(batch.tag()).isEqualTo("app"));
  }

  @Test
  void aGetOfAnyPathIsOkWithAnEmptyBodyAsAHealthCheck() {
    HttpIngest ingest = ingest(config());
    for (String path : List.of("/", "/t", "/a//b")) {
      IngestRequest get = new IngestRequest("GET", path, Map.of(), new byte[0], false, ARRIVAL);

      IngestResponse response = ingest.handle(get);

      assertThat(response.status()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).isEmpty();
    }
  }

  @Test
  void anOverLimitBodyIsTooLarge() {
    IngestRequest request = new IngestRequest("POST", "/t", Map.of(), new byte[0], true, ARRIVAL);

    IngestResponse response = ingest(config().bodyLimit(100)).handle(request);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("{\"error\":\"the body is larger than body_limit (100B)\"}");
  }

  @Test
  void anUnknownContentTypeIsUnsupported() {
    IngestResponse response = ingest(config()).handle(post("/t", "hello", "Content-Type", "text/plain"));

    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void aContentEncodingLeftUndecodedIsUnsupported() {
    IngestResponse response = ingest(config()).handle(post("/t", "{}", "Content-Encoding", "br"));

    assertThat(response.status()).isEqualTo(415);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aRefusingBufferGets503WithRetryAfterBeforeTheBodyIsRead() {
    sink.refuse();

    IngestResponse response = ingest(config()).handle(post("/t", "not even json"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", SinkIngest.RETRY_AFTER_SECONDS);
  }

  @Test
  void aBufferFullOnAppendGets503WithRetryAfter() {
    sink.failAppendsAsFull();

    IngestResponse response = ingest(config()).handle(post("/t", "{}"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", SinkIngest.RETRY_AFTER_SECONDS);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aMissingOrWrongTokenIsUnauthorized() {
    HttpIngest ingest = ingest(config().bearerToken("t0ken"));

    assertThat(ingest.handle(post("/t", "{}")).status()).isEqualTo(401);
    assertThat(ingest.handle(post("/t", "{}", "Authorization", "Bearer nope")).status()).isEqualTo(401);
    assertThat(ingest.handle(post("/t", "{}", "Authorization", "Bearer t0ken")).status()).isEqualTo(200);
    assertThat(sink.batches()).hasSize(1);
  }

  @Test
  void theTokenIsCheckedBeforeTheBody() {
    IngestResponse response = ingest(config().bearerToken("t0ken")).handle(post("/t", "not json"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"sluice\"");
  }

  @Test
  void aPostFromAnOriginNotAllowedIsForbidden() {
    HttpIngest ingest = ingest(config().allowedOrigins("https://app.example.com"));

    assertThat(ingest.handle(post("/t", "{}", "Origin", "https://evil.example.com")).status()).isEqualTo(403);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void responsesToAnAllowedOriginCarryAllowOrigin() {
    HttpIngest ingest = ingest(config().allowedOrigins("https://app.example.com"));

    IngestResponse response = ingest.handle(post("/t", "[1]", "Origin", "https://app.example.com"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "https://app.example.com");
  }

  @Test
  void aPreflightIsAnsweredWithoutAToken() {
    HttpIngest ingest = ingest(config().allowedOrigins("*").bearerToken("t0ken"));
    IngestRequest preflight = new IngestRequest("OPTIONS", "/t", Map.of("Origin", "https://a.example",
        "Access-Control-Request-Method", "POST"), new byte[0], false, ARRIVAL);

    IngestResponse response = ingest.handle(preflight);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "*");
  }

  @Test
  void acceptedEventsAndBytesAreCounted() {
    ingest(config()).handle(post("/t", "[{\"a\":1},{\"bb\":22}]"));

    RecordBatch batch = sink.batches().get(0);
    assertThat(batch.eventCount()).isEqualTo(2);
    assertThat(Metrics.counter(registry, "sluice_http_events_accepted")).isEqualTo(2);
    assertThat(Metrics.counter(registry, "sluice_http_accepted_bytes")).isEqualTo(7 + 9);
  }
}
