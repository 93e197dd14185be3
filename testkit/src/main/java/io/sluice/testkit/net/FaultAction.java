package io.sluice.testkit.net;

import java.nio.charset.StandardCharsets;

/** What the proxy does with a request a {@link Fault} matched. */
sealed interface FaultAction {

  /** Relays the request and the response unchanged (a fault that only delays). */
  record Forward() implements FaultAction { }

  /** Answers without asking the server: the server never sees the request. */
  record Respond(int status, String contentType, byte[] body) implements FaultAction {

    Respond(int status, String contentType, String body) {
      this(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Relays the whole request, then cuts the connection with a reset halfway through the response. */
  record ResetMidResponse() implements FaultAction { }

  /** Relays the head and half the request body, then resets both connections: the server never gets the rest. */
  record ResetMidUpload() implements FaultAction { }
}
