package io.sluice.testkit.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.1 protocol as KMS speaks it: {@code POST /} with {@code X-Amz-Target: TrentService.<Operation>}
 * and a JSON body; errors are a status code with {@code {"__type": "<Exception>", "message": "…"}}.
 */
final class KmsHttpHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(KmsHttpHandler.class);
  private static final String TARGET_PREFIX = "TrentService.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final KmsOperations operations;
  private final ObjectMapper json;

  KmsHttpHandler(KmsOperations operations, ObjectMapper json) {
    this.operations = operations;
    this.json = json;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      int status = 200;
      ObjectNode body;
      try {
        body = answer(exchange);
      } catch (KmsFault fault) {
        LOG.debug("KMS stand-in answers {}: {}", fault.code(), fault.getMessage());
        status = fault.status();
        body = json.createObjectNode().put("__type", fault.code()).put("message", fault.getMessage());
      } catch (RuntimeException e) {
        // A bug in the stand-in: answer as KMS does to an internal failure, so the test sees it.
        LOG.warn("KMS stand-in failed on a request", e);
        status = 500;
        body = json.createObjectNode().put("__type", "KMSInternalException").put("message", e.toString());
      }
      byte[] bytes = json.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }

  private ObjectNode answer(HttpExchange exchange) throws IOException {
    byte[] request;
    try (InputStream in = exchange.getRequestBody()) {
      request = in.readAllBytes();
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      throw new KmsFault(405, "UnknownOperationException", "KMS takes POST requests only");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      throw new KmsFault(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw new KmsFault(400, "UnknownOperationException", "X-Amz-Target must be TrentService.<Operation>");
    }
    JsonNode body;
    try {
      body = request.length == 0 ? json.createObjectNode() : json.readTree(request);
    } catch (JsonProcessingException e) {
      throw new KmsFault(400, "SerializationException", "The request body is not JSON");
    }
    if (!body.isObject()) {
      throw new KmsFault(400, "SerializationException", "The request body must be a JSON object");
    }
    return operations.call(target.substring(TARGET_PREFIX.length()), body);
  }
}
