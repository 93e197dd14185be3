package io.sluice.agent.input.http;

import java.util.function.BooleanSupplier;

/**
 * The HTTP input's business logic: routes, authenticates, validates and buffers one request, and says what to
 * answer. It may block on the buffer, so callers run it off the network threads. A seam tests drive directly.
 */
interface HttpIngest {

  /**
   * Handles {@code request} whole: its events are all buffered when the answer is 200, else none of them is.
   *
   * @param open whether the client can still get the answer; asked just before storing, since a client that
   *     got no answer resends and a stored copy would be a duplicate
   */
  IngestResponse handle(IngestRequest request, BooleanSupplier open);

  /** Handles a request whose connection is taken to stay open. */
  default IngestResponse handle(IngestRequest request) {
    return handle(request, () -> true);
  }
}
