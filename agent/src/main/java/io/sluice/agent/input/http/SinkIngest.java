package io.sluice.agent.input.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.agent.input.BatchTooLargeException;
import io.sluice.agent.input.BufferFullException;
import io.sluice.agent.input.Record;
import io.sluice.agent.input.RecordBatch;
import io.sluice.agent.input.RecordSink;
import io.sluice.agent.input.http.BodyReaders.BodyType;
import io.sluice.config.ByteSize;
import io.sluice.config.input.HttpInputConfig;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private final HttpInputConfig config;
  private final ByteSize bodyLimit;
  private final BodyReaders readers = new BodyReaders();

  SinkIngest(HttpInputConfig config, RecordSink sink, HttpInputMetrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
    this.cors = new CorsPolicy(config.allowedOrigins());
    this.token = config.bearerToken() == null ? null : new BearerToken(config.bearerToken());
    this.config = config;
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
    try {
      QueryStringDecoder target = new QueryStringDecoder(request.uri());
      tag = TagPath.tagOf(target.path());
      // Decoded only to refuse a malformed escape, as Fluentd's URI.parse (in_http.rb line 564) does.
      target.parameters();
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
    return ingest(request, tag.get(), open);
  }

  private IngestResponse options(IngestRequest request, String origin) {
    String requestMethod = request.header("Access-Control-Request-Method");
    if (requestMethod == null) {
      return new IngestResponse(204, Map.of("Allow", IngestResponse.ALLOWED_METHODS), "");
    }
    return cors.preflight(origin, requestMethod, request.header("Access-Control-Request-Headers"));
  }

  private IngestResponse ingest(IngestRequest request, String tag, BooleanSupplier open) {
    String encoding = request.header("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      return IngestResponse.error(415, "Content-Encoding " + encoding + " is not supported; use gzip or deflate");
    }
    String contentType = request.header("Content-Type");
    Optional<BodyType> bodyType = readers.forContentType(contentType);
    RequestParams params = RequestParams.of(request, bodyType.orElse(null), config.addQueryParams());
    Optional<Map.Entry<String, byte[]>> source = params.records();
    if (source.isEmpty() && bodyType.isEmpty()) {
      return IngestResponse.error(415, "Content-Type " + contentType + " is not supported; use one of "
          + BodyReaders.ACCEPTED);
    }
    if (source.isEmpty()) {
      // in_http.rb line 326.
      return IngestResponse.error(400, "the request has no records: send them as the body, or as a json, ndjson "
          + "or msgpack parameter");
    }
    List<Record> records;
    try {
      Map<String, Object> added = params.addedFields(config.addHttpHeaders(), config.addQueryParams(),
          config.addRemoteAddr());
      if (token != null) {
        // Fluentd has no token of its own; Sluice's would otherwise be written into every record.
        added.remove("HTTP_AUTHORIZATION");
      }
      Set<String> removed = new HashSet<>(added.keySet());
      EventTimes times = times(params.time(), added, removed, request.arrival());
      records = readers.forParam(source.get().getKey()).read(source.get().getValue(), times,
          new RecordEdits(removed, added, bodyLimit.bytes()));
    } catch (RecordEdits.TooMuchAdded e) {
      return IngestResponse.error(413, e.getMessage());
    } catch (BadRequestException e) {
      return IngestResponse.error(400, e.getMessage());
    }
    if (records.isEmpty()) {
      return stored();
    }
    if (!open.getAsBoolean()) {
      return IngestResponse.error(CLIENT_CLOSED, "the connection closed before the events were stored");
    }
    return append(new RecordBatch(tag, records));
  }

  /**
   * The event times as in_http.rb lines 242-253 and 363-373: the {@code time} parameter, which leaves records as
   * they are; else the time key, which leaves the record unless {@code keep_time_key}; else the arrival time. Adds
   * the time key to {@code removed} when it goes, and takes it out of {@code added} when it is an added field.
   */
  private EventTimes times(String timeParam, Map<String, Object> added, Set<String> removed, Instant arrival)
      throws BadRequestException {
    String timeKey = config.timeKey().isEmpty() ? null : config.timeKey();
    if (timeParam != null || timeKey == null) {
      return EventTimes.forRequest(timeParam, null, arrival);
    }
    if (!config.keepTimeKey()) {
      removed.add(timeKey);
    }
    if (added.containsKey(timeKey)) {
      EventTimes times = EventTimes.ofAddedField(added.get(timeKey), timeKey, arrival);
      if (!config.keepTimeKey()) {
        added.remove(timeKey);
      }
      return times;
    }
    return EventTimes.forRequest(null, timeKey, arrival);
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
    return stored();
  }

  /** The answer to a request whose events (if any) are stored: in_http.rb's on_request ends with 204 or 200. */
  private IngestResponse stored() {
    return config.use204Response() ? IngestResponse.noContent() : IngestResponse.ok();
  }

  private static IngestResponse busy(String reason) {
    return IngestResponse.error(503, reason + "; retry later").withHeader("Retry-After", RETRY_AFTER_SECONDS);
  }
}
