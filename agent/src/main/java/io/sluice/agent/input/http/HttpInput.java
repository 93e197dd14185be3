package io.sluice.agent.input.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.connection.ConnectionLimiter;
import io.sluice.agent.connection.ConnectionMetrics;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.connection.ProgressRules;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.agent.input.InputThreads;
import io.sluice.agent.input.RecordSink;
import io.sluice.agent.input.tls.ListenerTls;
import io.sluice.config.input.ConnectionLimitsConfig;
import io.sluice.config.input.HttpInputConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP input, compatible with Fluentd's {@code in_http}: listens (over TLS when configured), and puts each
 * {@code POST /<tag>} into the buffer as one batch, answering only once the batch is durable.
 *
 * <p>Threads: {@code sluice-http-io-*} run the network and decompression; {@code sluice-http-append-*} validate
 * bodies and append to the buffer, which may block on fsync. Peers' misbehaviour is logged summarized, on an io
 * thread's timer.
 */
public final class HttpInput implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpInput.class);

  /** Appends queue up in the buffer anyway; a few threads keep bodies being validated while one waits on disk. */
  private static final int APPEND_THREADS = 4;
  /** Requests waiting for an append thread before new ones get 503; each connection has at most one waiting. */
  private static final int APPEND_QUEUE = 256;
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final EventLoopGroup group;
  private final ExecutorService appenders;
  private final Channel listener;
  private final PeerProblemLog problems;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpInput(EventLoopGroup group, ExecutorService appenders, Channel listener, PeerProblemLog problems) {
    this.group = group;
    this.appenders = appenders;
    this.listener = listener;
    this.problems = problems;
  }

  /**
   * Listens on {@code config.bind()}:{@code config.port()} (port 0 picks a free port, see {@link #port()}) and
   * registers the input's metrics in {@code registry}. The caller decides whether the input is enabled.
   *
   * @throws IOException when the address cannot be bound, with the address in the message; nothing is left running
   * @throws IllegalArgumentException when {@code body_limit} is 2 GiB or more
   * @throws io.sluice.agent.input.tls.TlsSetupException when the TLS files are unusable
   */
  public static HttpInput start(HttpInputConfig config, RecordSink sink, PrometheusRegistry registry)
      throws IOException {
    return start(config, sink, registry, InFlightBudget.unlimited());
  }

  /**
   * As {@link #start(HttpInputConfig, RecordSink, PrometheusRegistry)}, holding request bodies and their parse
   * copies within {@code budget}, which the agent shares between its inputs.
   */
  public static HttpInput start(HttpInputConfig config, RecordSink sink, PrometheusRegistry registry,
      InFlightBudget budget) throws IOException {
    int bodyLimit = bodyLimitOf(config);
    // Before any thread starts: unusable PEM files fail the start with nothing left running.
    Optional<SslContext> tls = config.tls().enabled() ? Optional.of(ListenerTls.serverContext(config.tls()))
        : Optional.empty();
    HttpInputMetrics metrics = new HttpInputMetrics(registry);
    HttpIngest ingest = new SinkIngest(config, sink, metrics);
    ExecutorService appenders = new ThreadPoolExecutor(APPEND_THREADS, APPEND_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(APPEND_QUEUE), new DefaultThreadFactory("sluice-http-append"));
    EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("sluice-http-io"));
    Clock clock = Clock.systemUTC();
    PeerProblemLog problems = new PeerProblemLog(LOG, "HTTP", PeerProblemLog.INTERVAL);
    problems.start(group);
    ConnectionLimitsConfig limits = config.connections();
    ConnectionMetrics connections = new ConnectionMetrics(registry, "http");
    ProgressRules progress = new ProgressRules(config.keepaliveTimeout(), limits.minTransferRate().bytes(),
        limits.transferGrace(), ProgressRules.MessageEnds.HTTP_REQUESTS, connections, problems);
    HttpInputPipeline pipeline = new HttpInputPipeline(bodyLimit, progress,
        () -> new IngestChannelHandler(ingest, appenders, metrics, clock, problems), budget, tls,
        config.addHttpHeaders());
    InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ConnectionLimiter(limits.max(), limits.maxPerSource(), "inputs.http.connections",
            pipeline, connections, problems))
        .bind(address)
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      appenders.shutdownNow();
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
      problems.close();
      Throwable cause = bound.cause();
      throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + " for the HTTP input: "
          + cause.getMessage(), cause);
    }
    HttpInput input = new HttpInput(group, appenders, bound.channel(), problems);
    LOG.info("HTTP input listening on {}:{} tls={} body_limit={} allowed_origins={} bearer_token={} time_key={} "
        + "keep_time_key={} add_http_headers={} add_remote_addr={} add_query_params={} max_connections={} "
        + "max_per_source={} min_transfer_rate={}/s", config.bind(), input.port(), tls.isPresent(),
        config.bodyLimit(), config.allowedOrigins(), config.bearerToken() == null ? "off" : "on", config.timeKey(),
        config.keepTimeKey(), config.addHttpHeaders(), config.addRemoteAddr(), config.addQueryParams(),
        limits.max(), limits.maxPerSource(), limits.minTransferRate());
    return input;
  }

  /** The port actually bound, which differs from the configured one when that was 0. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * Stops accepting connections, lets requests already received finish (they are appended and answered) for at
   * most {@code timeout}, then closes every connection and stops the threads. Requests arriving meanwhile on open
   * connections get 503. Returns once the threads have ended; later calls return at once.
   */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    listener.close().awaitUninterruptibly();
    InputThreads.drain("HTTP", appenders, group, deadline, timeout);
    problems.close();
    LOG.info("HTTP input stopped");
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  private static int bodyLimitOf(HttpInputConfig config) {
    long bytes = config.bodyLimit().bytes();
    if (bytes >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("body_limit must be less than 2GiB for the HTTP input, got "
          + config.bodyLimit());
    }
    return (int) bytes;
  }
}
