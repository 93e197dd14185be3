package io.sluice.agent.admin;

import java.util.Objects;

/**
 * What the admin endpoint answers to one request, independent of the HTTP library that sends it.
 *
 * @param status the HTTP status code
 * @param contentType the media type of {@code body}
 * @param body the response body
 */
public record AdminResponse(int status, String contentType, String body) {

  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  public AdminResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  static AdminResponse json(int status, String body) {
    return new AdminResponse(status, JSON, body);
  }
}
