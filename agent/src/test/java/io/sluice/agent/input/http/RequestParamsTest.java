package io.sluice.agent.input.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.agent.input.http.BodyReaders.BodyType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The params Fluentd 1.14's in_http builds for a request (lib/fluent/plugin/in_http.rb lines 562-594): where the
 * records, the time parameter and the added fields come from.
 */
class RequestParamsTest {

  private static final Instant ARRIVAL = Instant.ofEpochSecond(1_700_000_000L);

  private static IngestRequest request(String uri, String body, List<Map.Entry<String, String>> sentHeaders,
      String peer) {
    Map<String, String> headers = new HashMap<>();
    sentHeaders.forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    return new IngestRequest("POST", uri, headers, body.getBytes(StandardCharsets.UTF_8), false, ARRIVAL, peer,
        sentHeaders);
  }

  private static RequestParams params(String uri, BodyType type, String body) {
    return RequestParams.of(request(uri, body, List.of(), "192.0.2.7"), type, false);
  }

  /** The records' parameter name and its bytes as text. */
  private static String records(RequestParams params) {
    return params.records().map(records -> records.getKey() + "=" + new String(records.getValue(),
        StandardCharsets.UTF_8)).orElse("none");
  }

  @Test
  void aQueryJsonParameterHoldsTheRecordsOfAnEmptyPost() {
    assertThat(records(params("/t?json=%7B%22a%22%3A1%7D", BodyType.UNLABELLED, ""))).isEqualTo("json={\"a\":1}");
    assertThat(records(params("/t?json=%7B%7D", BodyType.JSON, ""))).isEqualTo("json={}");
    assertThat(records(params("/t?json=%7B%7D", BodyType.FORM, ""))).isEqualTo("json={}");
  }

  @Test
  void aQueryMsgpackParameterIsBinary() {
    RequestParams params = params("/t?msgpack=%81%A1a%01", BodyType.UNLABELLED, "");

    assertThat(params.records()).hasValueSatisfying(records -> {
      assertThat(records.getKey()).isEqualTo("msgpack");
      assertThat(records.getValue()).isEqualTo(Msgpack.map("a", 1));
    });
  }

  @Test
  void aLabelledJsonBodyReplacesTheQuerysJson() {
    // Line 575: params['json'] = @body, after the query was parsed into params.
    assertThat(records(params("/t?json=%7B%7D", BodyType.JSON, "{\"b\":2}"))).isEqualTo("json={\"b\":2}");
  }

  @Test
  void anUnlabelledBodyIsIgnoredWhenTheQueryHoldsTheRecords() {
    // Fluentd reads no body without a Content-Type it knows; Sluice reads one as JSON only where Fluentd found none.
    assertThat(records(params("/t?json=%7B%7D", BodyType.UNLABELLED, "{\"b\":2}"))).isEqualTo("json={}");
    assertThat(records(params("/t", BodyType.UNLABELLED, "{\"b\":2}"))).isEqualTo("json={\"b\":2}");
  }

  @Test
  void aFormBodysFieldsReplaceTheQuerysFields() {
    // Line 570: params.update(parse_query(@body)).
    RequestParams params = params("/t?json=%7B%7D&time=1", BodyType.FORM, "json=%7B%22b%22%3A2%7D&time=2");

    assertThat(records(params)).isEqualTo("json={\"b\":2}");
    assertThat(params.time()).isEqualTo("2");
  }

  @Test
  void msgpackWinsOverJsonAndJsonOverNdjson() {
    // Lines 309-317: parse_params_default tries msgpack, then json, then ndjson.
    RequestParams params = params("/t?msgpack=%80", BodyType.JSON, "{\"b\":2}");
    assertThat(params.records()).hasValueSatisfying(records -> assertThat(records.getKey()).isEqualTo("msgpack"));

    assertThat(records(params("/t?json=%7B%7D", BodyType.NDJSON, "{\"b\":2}\n"))).isEqualTo("json={}");
  }

  @Test
  void aRawJsonBodyLabelledAsAFormIsReadAsJson() {
    // What `curl -d '{"msg":"hi"}' host:9880/tag` sends: Sluice reads it as JSON, where Fluentd would find no field.
    assertThat(records(params("/t", BodyType.FORM, " {\"msg\":\"hi\"}"))).isEqualTo("json= {\"msg\":\"hi\"}");
  }

  @Test
  void aFormWithoutRecordsHasNone() {
    assertThat(params("/t", BodyType.FORM, "message=hello").records()).isEmpty();
    assertThat(params("/t?x=1", null, "text").records()).isEmpty();
  }

  @Test
  void theTimeParameterComesFromTheQuery() {
    assertThat(params("/t?time=1700000000.5", BodyType.JSON, "{}").time()).isEqualTo("1700000000.5");
    assertThat(params("/t?time", BodyType.JSON, "{}").time()).isEmpty();
    assertThat(params("/t", BodyType.JSON, "{}").time()).isNull();
  }

  @Test
  void headersAreAddedAsHttpUpperCasedWithUnderscores() {
    // Line 431: @env["HTTP_#{k.gsub('-','_').upcase}"] = v.
    IngestRequest request = request("/t", "{}", List.of(Map.entry("Content-Type", "application/json"),
        Map.entry("x-request-id", "r1")), "192.0.2.7");

    assertThat(RequestParams.of(request, BodyType.JSON, false).addedFields(true, false, false)).containsExactly(
        Map.entry("HTTP_CONTENT_TYPE", "application/json"), Map.entry("HTTP_X_REQUEST_ID", "r1"));
  }

  @Test
  void aHeaderSentTwiceIsAList() {
    // http_parser.rb's default header_value_type, :mixed, makes repeated headers an array.
    IngestRequest request = request("/t", "{}", List.of(Map.entry("X-Tag", "a"), Map.entry("x-tag", "b")), null);

    assertThat(RequestParams.of(request, BodyType.JSON, false).addedFields(true, false, false))
        .containsExactly(Map.entry("HTTP_X_TAG", List.of("a", "b")));
  }

  @Test
  void everyQueryParameterIsAddedAsQueryUpperCasedWithUnderscores() {
    // Lines 583-590: every query parameter, json and time included; body fields are not query parameters.
    RequestParams params = RequestParams.of(request("/t?json=%7B%7D&time=5&user-id=u+1", "x=1", List.of(), null),
        BodyType.FORM, true);

    assertThat(params.addedFields(false, true, false)).containsExactly(Map.entry("QUERY_JSON", "{}"),
        Map.entry("QUERY_TIME", "5"), Map.entry("QUERY_USER_ID", "u 1"));
  }

  @Test
  void theRemoteAddressIsThePeers() {
    assertThat(params("/t", BodyType.JSON, "{}").addedFields(false, false, true))
        .containsExactly(Map.entry("REMOTE_ADDR", "192.0.2.7"));
  }

  @Test
  void xForwardedForGivesItsFirstAddressAsSent() {
    // Line 452: @remote_addr = v.split(",").first, not stripped.
    IngestRequest request = request("/t", "{}", List.of(Map.entry("X-Forwarded-For", "203.0.113.9, 10.0.0.1")),
        "10.0.0.2");

    assertThat(RequestParams.of(request, BodyType.JSON, false).addedFields(false, false, true))
        .containsExactly(Map.entry("REMOTE_ADDR", "203.0.113.9"));
  }

  @Test
  void anEmptyXForwardedForLeavesTheRemoteAddressNull() {
    // "".split(",").first is nil, so line 562 sets no REMOTE_ADDR and line 359 stores nil.
    IngestRequest request = request("/t", "{}", List.of(Map.entry("X-Forwarded-For", "")), "10.0.0.2");

    Map<String, Object> added = RequestParams.of(request, BodyType.JSON, false).addedFields(false, false, true);

    assertThat(added).containsOnlyKeys("REMOTE_ADDR");
    assertThat(added.get("REMOTE_ADDR")).isNull();
  }

  @Test
  void nothingIsAddedUnlessAsked() {
    IngestRequest request = request("/t?a=1", "{}", List.of(Map.entry("X-A", "1")), "192.0.2.7");

    assertThat(RequestParams.of(request, BodyType.JSON, false).addedFields(false, false, false)).isEmpty();
  }
}
