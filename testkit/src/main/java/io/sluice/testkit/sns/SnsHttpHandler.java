package io.sluice.testkit.sns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS Query protocol as SNS speaks it: a form-encoded {@code POST /} naming an {@code Action}, answered with
 * {@code <ActionResponse>} XML, or with {@code <ErrorResponse>} XML whose {@code Code} the SDK maps to an
 * exception class.
 */
final class SnsHttpHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SnsHttpHandler.class);
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private static final int MAX_MESSAGE_BYTES = 256 * 1024;
  private static final int MAX_SUBJECT_LENGTH = 99;

  private final SnsTopics topics;

  SnsHttpHandler(SnsTopics topics) {
    this.topics = topics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try {
      int status = 200;
      String body;
      try {
        body = answer(exchange, requestId);
      } catch (SnsFault fault) {
        LOG.debug("SNS stand-in answers {}: {}", fault.code(), fault.getMessage());
        status = fault.status();
        body = error(status >= 500 ? "Receiver" : "Sender", fault.code(), fault.getMessage(), requestId);
      } catch (RuntimeException e) {
        // A bug in the stand-in: answer as SNS does to an internal failure, so the test sees it.
        LOG.warn("SNS stand-in failed on a request", e);
        status = 500;
        body = error("Receiver", "InternalError", e.toString(), requestId);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }

  private String answer(HttpExchange exchange, String requestId) throws IOException {
    String form;
    try (InputStream in = exchange.getRequestBody()) {
      form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      throw new SnsFault(405, "InvalidAction", "SNS stand-in takes form-encoded POST requests only");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      throw new SnsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    Map<String, String> parameters = parse(form);
    String action = parameters.getOrDefault("Action", "");
    return switch (action) {
      case "CreateTopic" -> response(action,
          "<TopicArn>" + xml(topics.create(parameters.get("Name"))) + "</TopicArn>", requestId);
      case "Publish" -> response(action, "<MessageId>" + xml(publish(parameters).messageId()) + "</MessageId>",
          requestId);
      default -> throw new SnsFault(400, "InvalidAction",
          "Action " + action + " is not supported by the local SNS stand-in (sluice testkit)");
    };
  }

  private PublishedMessage publish(Map<String, String> parameters) {
    String topicArn = parameters.getOrDefault("TopicArn", parameters.get("TargetArn"));
    if (topicArn == null) {
      throw SnsFault.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
    }
    String message = parameters.get("Message");
    if (message == null || message.isEmpty()) {
      throw SnsFault.invalidParameter("Empty message");
    }
    if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      throw SnsFault.invalidParameter("Message too long");
    }
    if (parameters.containsKey("MessageStructure")) {
      throw SnsFault.invalidParameter("MessageStructure is not supported by the local SNS stand-in");
    }
    String subject = parameters.get("Subject");
    if (subject != null && !validSubject(subject)) {
      throw SnsFault.invalidParameter("Subject");
    }
    return topics.publish(topicArn, subject, message);
  }

  /** SNS: ASCII, no line breaks or control characters, fewer than 100 characters, not empty. */
  private static boolean validSubject(String subject) {
    return !subject.isEmpty() && subject.length() <= MAX_SUBJECT_LENGTH
        && subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private static Map<String, String> parse(String form) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static String response(String action, String result, String requestId) {
    return "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</" + action
        + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action
        + "Response>";
  }

  private static String error(String type, String code, String message, String requestId) {
    return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type + "</Type><Code>" + xml(code)
        + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + requestId
        + "</RequestId></ErrorResponse>";
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
