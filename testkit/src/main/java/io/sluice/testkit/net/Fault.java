package io.sluice.testkit.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One rule of a {@link FaultInjectingHttpProxy}: which requests it matches and what it does to them.
 *
 * <p>Built fluently, then handed to {@link FaultInjectingHttpProxy#inject}: {@code Fault.on("PUT", "/bucket/.*")
 * .s3Error(503, "SlowDown").times(2)}. A rule without an action relays the request unchanged (with
 * {@link #delay}, that is a slow server). A rule acts on every match until told {@link #times} or
 * {@link #probability}; a probability rule draws from its own seeded generator, so a run is repeatable.
 */
public final class Fault {

  /** DynamoDB's namespace for error types given without one. */
  private static final String DYNAMODB_ERROR_NAMESPACE = "com.amazonaws.dynamodb.v20120810#";

  private final String method;
  private final Pattern path;
  private final List<HeaderMatch> headers = new ArrayList<>();
  private Pattern query;
  private FaultAction action = new FaultAction.Forward();
  private Duration delay = Duration.ZERO;
  private long remaining = -1;
  private long passing;
  private double probability = 1.0;
  private Random draws;
  private final AtomicLong injected = new AtomicLong();

  private record HeaderMatch(String name, Pattern value) { }

  private Fault(String method, Pattern path) {
    this.method = method;
    this.path = path;
  }

  /** Matches requests with {@code method} ({@code "*"} for any) whose path (no query) matches {@code pathRegex}. */
  public static Fault on(String method, String pathRegex) {
    return new Fault(Objects.requireNonNull(method), Pattern.compile(pathRegex));
  }

  /** Also requires header {@code name} with a value matching {@code valueRegex} (e.g. X-Amz-Target). */
  public Fault withHeader(String name, String valueRegex) {
    headers.add(new HeaderMatch(name, Pattern.compile(valueRegex)));
    return this;
  }

  /** Also requires the query string to contain a match of {@code regex} (e.g. {@code partNumber=}). */
  public Fault withQuery(String regex) {
    query = Pattern.compile(regex);
    return this;
  }

  /** Answers with this status, content type and body; the server never sees the request. */
  public Fault respond(int status, String contentType, String body) {
    action = new FaultAction.Respond(status, contentType, body);
    return this;
  }

  /** Answers with S3's XML error document for {@code code} (SlowDown, AccessDenied, InternalError...). */
  public Fault s3Error(int status, String code) {
    return respond(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
        + "</Code><Message>" + code + " injected by the test proxy</Message><RequestId>injected</RequestId>"
        + "<HostId>injected</HostId></Error>");
  }

  /**
   * Answers with DynamoDB's JSON error for {@code type}: a bare name such as
   * {@code ProvisionedThroughputExceededException} gets DynamoDB's namespace; a name with {@code #} is sent as is
   * (throttling of the control plane is {@code com.amazon.coral.availability#ThrottlingException}).
   */
  public Fault dynamoError(int status, String type) {
    String qualified = type.contains("#") ? type : DYNAMODB_ERROR_NAMESPACE + type;
    return respond(status, "application/x-amz-json-1.0",
        "{\"__type\":\"" + qualified + "\",\"message\":\"injected by the test proxy\"}");
  }

  /**
   * Relays the request whole, so the server acts on it, then resets the connection halfway through the response
   * (before the status line when the response has no body): the client cannot tell whether the request happened.
   */
  public Fault resetMidBody() {
    action = new FaultAction.ResetMidResponse();
    return this;
  }

  /**
   * Relays the request head and half its body, then resets both connections, so the server never completes the
   * request; a request without a body is reset before reaching the server.
   */
  public Fault resetMidUpload() {
    action = new FaultAction.ResetMidUpload();
    return this;
  }

  /** Holds the response this long (a relayed request reaches the server at once; only its answer is late). */
  public Fault delay(Duration hold) {
    delay = Objects.requireNonNull(hold);
    return this;
  }

  /** Acts on the first {@code n} matching requests only, then lets requests pass to later rules. */
  public Fault times(int n) {
    remaining = n;
    return this;
  }

  /**
   * Lets the first {@code n} matching requests pass to later rules before acting: with a single-threaded client,
   * picks out one call of a known sequence, such as the third UpdateItem.
   */
  public Fault after(int n) {
    passing = n;
    return this;
  }

  /** Acts on every matching request (the default). */
  public Fault forever() {
    remaining = -1;
    return this;
  }

  /** Acts on each matching request with probability {@code p}, drawn from a generator seeded with {@code seed}. */
  public Fault probability(double p, long seed) {
    probability = p;
    draws = new Random(seed);
    return this;
  }

  /** How many requests this rule has acted on. */
  public long injected() {
    return injected.get();
  }

  FaultAction action() {
    return action;
  }

  Duration delayBy() {
    return delay;
  }

  /** Whether the request matches and this rule has a use left and draws yes; consumes the use when it does. */
  synchronized boolean claim(HttpHead request) {
    if (remaining == 0 || !matches(request)) {
      return false;
    }
    if (passing > 0) {
      passing--;
      return false;
    }
    if (draws != null && draws.nextDouble() >= probability) {
      return false;
    }
    if (remaining > 0) {
      remaining--;
    }
    injected.incrementAndGet();
    return true;
  }

  private boolean matches(HttpHead request) {
    if (!method.equals("*") && !method.equalsIgnoreCase(request.method())) {
      return false;
    }
    String target = request.target();
    int mark = target.indexOf('?');
    String requestPath = mark >= 0 ? target.substring(0, mark) : target;
    String requestQuery = mark >= 0 ? target.substring(mark + 1) : "";
    if (!path.matcher(requestPath).matches()) {
      return false;
    }
    if (query != null && !query.matcher(requestQuery).find()) {
      return false;
    }
    return headers.stream().allMatch(h -> request.header(h.name()).filter(v -> h.value().matcher(v).matches())
        .isPresent());
  }
}
