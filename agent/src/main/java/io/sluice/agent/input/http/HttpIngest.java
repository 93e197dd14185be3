package io.sluice.agent.input.http;

/**
 * The HTTP input's business logic: routes, authenticates, validates and buffers one request, and says what to
 * answer. It may block on the buffer, so callers run it off the network threads. A seam tests drive directly.
 */
interface HttpIngest {

  /** Handles {@code request} whole: its events are all buffered when the answer is 200, else none of them is. */
  IngestResponse handle(IngestRequest request);
}
