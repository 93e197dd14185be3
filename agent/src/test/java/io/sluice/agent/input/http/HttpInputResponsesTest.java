package io.sluice.agent.input.http;

import static io.sluice.agent.input.http.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status codes senders see, over a real socket. */
class HttpInputResponsesTest {

  private static final int BODY_LIMIT = 4096;

  private RunningInput running = RunningInput.start(config().bodyLimit(BODY_LIMIT));

  @AfterEach
  void stop() {
    running.close();
  }

  private void restartWith(TestConfig config) {
    running.close();
    running = RunningInput.start(config.bodyLimit(BODY_LIMIT));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void badJsonIs400WithAJsonReason() throws Exception {
    HttpResponse<String> response = running.post("/t", "application/json", utf8("{\"a\":"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(response.body()).startsWith("{\"error\":\"invalid JSON at byte 5: ");
  }

  @Test
  void aBadRecordInsideAnArrayRejectsTheWholeRequest() throws Exception {
    HttpResponse<String> response = running.post("/t", "application/json", utf8("[{\"ok\":1},{\"ok\":2},[]]"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"element 2 of the array is an array, not an object\"}");
    assertThat(running.sink.appendsStarted()).isZero();
  }

  @Test
  void aContentLengthOverTheLimitIs413() throws Exception {
    HttpResponse<String> response = running.post("/t", "application/json", new byte[BODY_LIMIT + 1]);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("body_limit");
    assertThat(running.sink.appendsStarted()).isZero();
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() throws Exception {
    byte[] body = utf8("[" + "{},".repeat(BODY_LIMIT) + "{}]");

    HttpResponse<String> response = running.send(running.request("/t")
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(running.sink.appendsStarted()).isZero();
  }

  @Test
  void withUse204ResponseAStoredRequestIs204WithNoContentLength() throws Exception {
    restartWith(config().use204Response());

    HttpResponse<String> response = running.post("/t", "application/json", utf8("{\"a\":1}"));

    // in_http.rb on_request: RESPONSE_204 when use_204_response; RFC 9110 8.6: no Content-Length on a 204.
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    assertThat(response.body()).isEmpty();
    assertThat(running.sink.appendsStarted()).isEqualTo(1);
  }

  @Test
  void withUse204ResponseAHealthCheckGetIsStill200() throws Exception {
    restartWith(config().use204Response());

    HttpResponse<String> response = running.send(running.request("/").GET());

    // in_http.rb handle_get_request answers 200 whatever use_204_response says.
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void withUse204ResponseABadRequestIsStill400() throws Exception {
    restartWith(config().use204Response());

    assertThat(running.post("/t", "application/json", utf8("{\"a\":")).statusCode()).isEqualTo(400);
  }

  @Test
  void aMissingTokenIs401() throws Exception {
    restartWith(config().bearerToken("t0ken"));

    HttpResponse<String> response = running.post("/t", "application/json", utf8("{}"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"sluice\"");
  }

  @Test
  void aWrongTokenIs401AndTheRightOneIsAccepted() throws Exception {
    restartWith(config().bearerToken("t0ken"));

    HttpResponse<String> wrong = running.send(running.request("/t")
        .header("Authorization", "Bearer guess")
        .POST(BodyPublishers.ofString("{}")));
    HttpResponse<String> right = running.send(running.request("/t")
        .header("Authorization", "Bearer t0ken")
        .POST(BodyPublishers.ofString("{}")));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(running.sink.batches()).hasSize(1);
  }

  @Test
  void aRefusingBufferIs503WithRetryAfter() throws Exception {
    running.sink.refuse();

    HttpResponse<String> response = running.post("/t", "application/json", utf8("{}"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains(SinkIngest.RETRY_AFTER_SECONDS);
  }

  @Test
  void aCorsPreflightFromAnAllowedOriginIsAnswered() throws Exception {
    restartWith(config().allowedOrigins("https://app.example.com"));

    HttpResponse<String> response = running.send(running.request("/t")
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .method("OPTIONS", BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
  }

  @Test
  void aPostFromAnAllowedOriginCarriesAllowOrigin() throws Exception {
    restartWith(config().allowedOrigins("*"));

    HttpResponse<String> response = running.send(running.request("/t")
        .header("Origin", "https://app.example.com")
        .POST(BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
  }

  @Test
  void aGetIs200WithAnEmptyBodyForHealthChecks() throws Exception {
    HttpResponse<String> response = running.send(running.request("/").GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void aPathThatCannotBeATagIs404() throws Exception {
    assertThat(running.post("/a//b", "application/json", utf8("{}")).statusCode()).isEqualTo(404);
  }

  @Test
  void anEmptyTagIs400() throws Exception {
    HttpResponse<String> response = running.post("/", "application/json", utf8("{}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"the path must name a tag, as in POST /app.access\"}");
  }
}
