package io.sluice.agent.input.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.agent.input.BatchTooLargeException;
import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordSink;
import io.sluice.config.ByteSize;
import io.sluice.config.input.HttpInputConfig;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpIngest} that puts each valid request into a {@link RecordSink} as one batch. Checks run cheapest
 * first (route, CORS, token, size, buffer room) so refused requests cost little; the body is validated whole
 * before anything is appended.
 */
final class SinkIngest implements HttpIngest {

  private static final Logger LOG = LoggerFactory.getLogger(SinkIngest.class);

  /** What {@code Retry-After} tells a sender while the buffer refuses: outputs free room in seconds, not ms. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** The status counted for a request whose client left before it was stored (nginx's code; never sent). */
  static final int CLIENT_CLOSED = 499;

  private final RecordSink sink;
  private final HttpInputMetrics metrics;
  private final CorsPolicy cors;
  private final BearerToken token;
  private final String timeKey;
  private final ByteSize bodyLimit;
  private final BodyReaders readers = new BodyReaders();

  SinkIngest(HttpInputConfig config, RecordSink sink, HttpInputMetrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
    this.cors = new CorsPolicy(config.allowedOrigins());
    this.token = config.bearerToken() == null ? null : new BearerToken(config.bearerToken());
    this.timeKey = config.timeKey();
    this.bodyLimit = config.bodyLimit();
  }

  @Override
  public IngestResponse handle(IngestRequest request, BooleanSupplier open) {
    String origin = request.header("Origin");
    IngestResponse response = answer(request, origin, open);
    if (response.status() >= 400) {
      // Reasons quote at most a token of the body, never the Authorization header. DEBUG: bad senders repeat.
      LOG.debug("HTTP input answered {} {} with {}: {}", request.method(), request.uri(), response.status(),
          response.body());
    }
    return response.withHeaders(cors.responseHeaders(origin));
  }

  private IngestResponse answer(IngestRequest request, String origin, BooleanSupplier open) {
    Optional<String> tag;
    String timeParam;
    try {
      QueryStringDecoder target = new QueryStringDecoder(request.uri());
      tag = TagPath.tagOf(target.path());
      List<String> times = target.parameters().get("time");
      timeParam = times == null ? null : times.get(0);
    } catch (IllegalArgumentException e) {
      return IngestResponse.error(400, "the request target is not a valid URI: " + e.getMessage());
    }
    if ("OPTIONS".equals(request.method())) {
      return options(request, origin);
    }
    if ("GET".equals(request.method())) {
      // Fluentd 1.14 in_http.rb (handle_get_request): any GET, whatever its path, is 200 with an empty body, before
      // CORS and tokens: load balancers and Azure App Service check health that way.
      return IngestResponse.ok();
    }
    if (tag.isEmpty()) {
      return IngestResponse.error(404, "no such path; post events to /<tag>, such as /app.access");
    }
    // Every other method is a POST to Fluentd (on_message_complete only sets GET and OPTIONS apart): a PUT stores.
    if (!cors.admits(origin)) {
      return IngestResponse.error(403, "origin \"" + origin + "\" is not allowed; see allowed_origins");
    }
    if (token != null && !token.accepts(request.header("Authorization"))) {
      return IngestResponse.error(401, "a valid bearer token is required")
          .withHeader("WWW-Authenticate", "Bearer realm=\"sluice\"");
    }
    if (tag.get().isEmpty()) {
      return IngestResponse.error(400, "the path must name a tag, as in POST /app.access");
    }
    if (request.overLimit()) {
      return IngestResponse.error(413, "the body is larger than body_limit (" + bodyLimit + ")");
    }
    if (!sink.isAccepting()) {
      return busy("the buffer is full");
    }
    return ingest(request, tag.get(), timeParam, open);
  }

  private IngestResponse options(IngestRequest request, String origin) {
    String requestMethod = request.header("Access-Control-Request-Method");
    if (requestMethod == null) {
      return new IngestResponse(204, Map.of("Allow", IngestResponse.ALLOWED_METHODS), "");
    }
    return cors.preflight(origin, requestMethod, request.header("Access-Control-Request-Headers"));
  }

  private IngestResponse ingest(IngestRequest request, String tag, String timeParam, BooleanSupplier open) {
    String encoding = request.header("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      return IngestResponse.error(415, "Content-Encoding " + encoding + " is not supported; use gzip or deflate");
    }
    String contentType = request.header("Content-Type");
    Optional<BodyReader> reader = readers.forContentType(contentType);
    if (reader.isEmpty()) {
      return IngestResponse.error(415, "Content-Type " + contentType + " is not supported; use one of "
          + BodyReaders.ACCEPTED);
    }
    List<Record> records;
    try {
      EventTimes times = EventTimes.forRequest(timeParam, timeKey, request.arrival());
      records = reader.get().read(request.body(), times);
    } catch (BadRequestException e) {
      return IngestResponse.error(400, e.getMessage());
    }
    if (records.isEmpty()) {
      return IngestResponse.ok();
    }
    if (!open.getAsBoolean()) {
      return IngestResponse.error(CLIENT_CLOSED, "the connection closed before the events were stored");
    }
    return append(new RecordBatch(tag, records));
  }

  private IngestResponse append(RecordBatch batch) {
    try {
      sink.append(batch);
    } catch (BufferFullException e) {
      return busy(e.getMessage());
    } catch (BatchTooLargeException e) {
      return IngestResponse.error(413, e.getMessage());
    } catch (UncheckedIOException e) {
      LOG.error("The buffer failed to store {} events of tag {}", batch.eventCount(), batch.tag(), e);
      return IngestResponse.error(500, "the buffer failed to store the events; retry later");
    }
    metrics.accepted(batch.eventCount(), batch.records().stream().mapToLong(r -> r.body().length).sum());
    return IngestResponse.ok();
  }

  private static IngestResponse busy(String reason) {
    return IngestResponse.error(503, reason + "; retry later").withHeader("Retry-After", RETRY_AFTER_SECONDS);
  }
}
