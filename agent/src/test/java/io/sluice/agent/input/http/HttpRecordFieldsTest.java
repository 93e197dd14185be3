package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordEncoding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the ingest makes of each record as Fluentd 1.14's in_http does (lib/fluent/plugin/in_http.rb): the fields
 * add_http_headers, add_query_params and add_remote_addr add, the time key it removes, and the times it accepts.
 */
class HttpRecordFieldsTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
  private static final long ARRIVAL_NANOS = 1_700_000_000_123_456_789L;

  private final RecordingSink sink = new RecordingSink();

  private IngestResponse handle(TestConfig config, String uri, String contentType, byte[] body,
      String... headerPairs) {
    List<Map.Entry<String, String>> sent = new ArrayList<>();
    if (contentType != null) {
      sent.add(Map.entry("Content-Type", contentType));
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      sent.add(Map.entry(headerPairs[i], headerPairs[i + 1]));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    sent.forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    IngestRequest request = new IngestRequest("POST", uri, headers, body, false, ARRIVAL, "192.0.2.7", sent);
    return new SinkIngest(config.build(), sink, new HttpInputMetrics(new PrometheusRegistry())).handle(request);
  }

  private IngestResponse handle(TestConfig config, String uri, String json, String... headerPairs) {
    return handle(config, uri, "application/json", json.getBytes(StandardCharsets.UTF_8), headerPairs);
  }

  private Record onlyRecord() {
    assertThat(sink.batches()).hasSize(1);
    assertThat(sink.batches().get(0).records()).hasSize(1);
    return sink.batches().get(0).records().get(0);
  }

  private String onlyText() {
    return new String(onlyRecord().body(), StandardCharsets.UTF_8);
  }

  @Test
  void addHttpHeadersAddsEveryHeaderAfterTheRecordsOwnFields() {
    handle(config().addHttpHeaders(), "/t", "{\"msg\":\"a\"}", "User-Agent", "curl/8", "X-Trace", "t1");

    assertThat(onlyText()).isEqualTo("{\"msg\":\"a\",\"HTTP_CONTENT_TYPE\":\"application/json\","
        + "\"HTTP_USER_AGENT\":\"curl/8\",\"HTTP_X_TRACE\":\"t1\"}");
  }

  @Test
  void anAddedFieldReplacesTheRecordsOwnFieldOfThatName() {
    // Line 359: record['REMOTE_ADDR'] = params['REMOTE_ADDR'] overwrites what the sender put there.
    handle(config().addRemoteAddr(), "/t", "{\"REMOTE_ADDR\":\"forged\",\"msg\":\"a\"}");

    assertThat(onlyText()).isEqualTo("{\"msg\":\"a\",\"REMOTE_ADDR\":\"192.0.2.7\"}");
  }

  @Test
  void addQueryParamsAddsEveryQueryParameter() {
    handle(config().addQueryParams(), "/t?source=web&user-id=7", "[{\"a\":1},{}]");

    assertThat(sink.batches().get(0).records()).extracting(record -> new String(record.body(),
        StandardCharsets.UTF_8)).containsExactly("{\"a\":1,\"QUERY_SOURCE\":\"web\",\"QUERY_USER_ID\":\"7\"}",
        "{\"QUERY_SOURCE\":\"web\",\"QUERY_USER_ID\":\"7\"}");
  }

  @Test
  void addedFieldsJoinAMsgpackRecordAsMsgpack() {
    byte[] map = Msgpack.map("time", 1_700_000_001, "msg", "a");

    handle(config().addRemoteAddr(), "/t", "application/msgpack", map);

    assertThat(onlyRecord().encoding()).isEqualTo(RecordEncoding.MSGPACK);
    assertThat(onlyRecord().body()).isEqualTo(Msgpack.map("msg", "a", "REMOTE_ADDR", "192.0.2.7"));
    assertThat(onlyRecord().epochNanos()).isEqualTo(1_700_000_001_000_000_000L);
  }

  @Test
  void addedFieldsMayNotGrowARequestsRecordsBeyondTheBodyLimit() {
    // 300 records of 2 bytes, each to grow by 27: 8,100 bytes more than sent, over a body_limit of 4KiB.
    String body = "[" + String.join(",", Collections.nCopies(300, "{}")) + "]";

    IngestResponse response = handle(config().bodyLimit(4096).addRemoteAddr(), "/t", body);

    assertThat(response.status()).isEqualTo(413);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void theBearerTokenIsNotWrittenIntoRecords() {
    handle(config().addHttpHeaders().bearerToken("s3cret"), "/t", "{}", "Authorization", "Bearer s3cret");

    assertThat(onlyText()).isEqualTo("{\"HTTP_CONTENT_TYPE\":\"application/json\"}");
  }

  @Test
  void aRecordThatNothingChangesKeepsItsBytesAsTheyArrived() {
    handle(config(), "/t", "{ \"msg\" : \"a\" }");

    assertThat(onlyText()).isEqualTo("{ \"msg\" : \"a\" }");
  }

  @Test
  void removingTheTimeKeyKeepsTheOtherMembersBytes() {
    handle(config(), "/t", "{ \"a\" : [1, {\"time\":2}] ,\n \"time\" : 1700000000 , \"b\":\"x,}\" }");

    assertThat(onlyText()).isEqualTo("{\"a\" : [1, {\"time\":2}],\"b\":\"x,}\"}");
    assertThat(onlyRecord().epochNanos()).isEqualTo(1_700_000_000_000_000_000L);
  }

  @Test
  void aFalseOrNullTimeIsTheArrivalTimeAndIsRemoved() {
    // Line 364: `if t = record.delete(...)`: false and nil are not times.
    handle(config(), "/t", "[{\"time\":false},{\"time\":null}]");

    assertThat(sink.batches().get(0).records()).allSatisfy(record -> {
      assertThat(record.epochNanos()).isEqualTo(ARRIVAL_NANOS);
      assertThat(new String(record.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    });
  }

  @Test
  void aTimeThatIsNotATimeIsABadRequest() {
    // Line 368: Time.at(true) raises, and on_request answers 400 (line 259).
    IngestResponse response = handle(config(), "/t", "{\"time\":true}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void aTimeKeyNamingAnAddedFieldTakesThatFieldsValue() {
    // Lines 242 and 249: the fields are added before the time key is read, so the header is the time.
    handle(config().addHttpHeaders().timeKey("HTTP_X_EVENT_TIME"), "/t", "{\"HTTP_X_EVENT_TIME\":1}",
        "X-Event-Time", "1600000000");

    assertThat(onlyRecord().epochNanos()).isEqualTo(1_600_000_000_000_000_000L);
    assertThat(onlyText()).isEqualTo("{\"HTTP_CONTENT_TYPE\":\"application/json\"}");
  }

  @Test
  void negativeTimesAreAcceptedFromTheParameterAndTheTimeKey() {
    // Fluentd takes them as they are (to_f, then Time.at); which slice they go to is the output's business.
    assertThat(handle(config(), "/t?time=-1.5", "{}").status()).isEqualTo(200);
    assertThat(handle(config(), "/t", "{\"time\":-86400}").status()).isEqualTo(200);

    assertThat(sink.batches()).extracting(batch -> batch.records().get(0).epochNanos())
        .containsExactly(-1_500_000_000L, -86_400_000_000_000L);
  }

  @Test
  void aQueryJsonParameterIsStoredFromAPostWithoutBody() {
    IngestResponse response = handle(config(), "/t?json=%7B%22msg%22%3A%22a%22%7D&time=1700000002", null,
        new byte[0]);

    assertThat(response.status()).isEqualTo(200);
    assertThat(onlyText()).isEqualTo("{\"msg\":\"a\"}");
    assertThat(onlyRecord().epochNanos()).isEqualTo(1_700_000_002_000_000_000L);
  }

  @Test
  void aQueryMsgpackParameterIsStoredAsMsgpack() {
    IngestResponse response = handle(config(), "/t?msgpack=%81%A3msg%A1a", "application/x-www-form-urlencoded",
        new byte[0]);

    assertThat(response.status()).isEqualTo(200);
    assertThat(onlyRecord().encoding()).isEqualTo(RecordEncoding.MSGPACK);
    assertThat(onlyRecord().body()).isEqualTo(Msgpack.map("msg", "a"));
  }

  @Test
  void aRequestWithoutRecordsAnywhereIsABadRequest() {
    IngestResponse response = handle(config(), "/t?x=1", "application/x-www-form-urlencoded",
        "message=hello".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("no records");
  }

  @Test
  void anUnsupportedBodyIsIgnoredWhenTheQueryHoldsTheRecords() {
    // Fluentd puts no body of another type into params (lines 567-580): the query's json= is what it stores.
    IngestResponse response = handle(config(), "/t?json=%7B%7D", "text/plain",
        "free text".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(200);
    assertThat(onlyText()).isEqualTo("{}");
  }
}
