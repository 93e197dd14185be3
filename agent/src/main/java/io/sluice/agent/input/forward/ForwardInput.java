package io.sluice.agent.input.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
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
import io.sluice.agent.input.forward.handshake.HandshakePolicy;
import io.sluice.agent.input.tls.ListenerTls;
import io.sluice.config.input.ConnectionLimitsConfig;
import io.sluice.config.input.ForwardInputConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * The forward input, compatible with Fluentd's {@code in_forward}: listens on TCP for the forward protocol and
 * answers UDP heartbeats on the same port, putting each message into the buffer as one batch and acking it only
 * once durable.
 *
 * <p>Threads: {@code sluice-forward-io-*} run the network and framing; {@code sluice-forward-append-*} parse
 * messages and append to the buffer, which may block on fsync. Peers' misbehaviour is logged summarized, on an io
 * thread's timer.
 */
public final class ForwardInput implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardInput.class);

  /** Appends queue up in the buffer anyway; a few threads keep messages being parsed while one waits on disk. */
  private static final int APPEND_THREADS = 4;
  /** Frames waiting for an append thread; each connection has at most one waiting, the rest retry shortly. */
  private static final int APPEND_QUEUE = 256;
  /** Gzip entries may inflate to this many times max_frame_size: typical logs compress 5-10x, bombs far more. */
  private static final int INFLATE_FACTOR = 4;
  /**
   * Nor to more than this share of inputs.memory_budget: one entry inflated to the whole budget (a 256 MiB bomb of
   * 260 KB on the wire did) leaves every other connection waiting and every HTTP body answered 503 meanwhile.
   */
  private static final int INFLATE_BUDGET_SHARE = 4;
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final EventLoopGroup group;
  private final ExecutorService appenders;
  private final Channel listener;
  private final Channel heartbeats;
  private final PeerProblemLog problems;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ForwardInput(EventLoopGroup group, ExecutorService appenders, Channel listener, Channel heartbeats,
      PeerProblemLog problems) {
    this.group = group;
    this.appenders = appenders;
    this.listener = listener;
    this.heartbeats = heartbeats;
    this.problems = problems;
  }

  /**
   * Listens on {@code config.bind()}:{@code config.port()} for TCP and, when {@code heartbeat.udp}, UDP (port 0
   * picks a free port, see {@link #port()}), and registers the input's metrics in {@code registry}.
   *
   * @throws IOException when the address cannot be bound, with the address in the message; nothing is left running
   * @throws IllegalArgumentException when {@code max_frame_size} is 2 GiB or more, or a {@code clients[].host}
   *     does not resolve
   * @throws io.sluice.agent.input.tls.TlsSetupException when the TLS files are unusable
   */
  public static ForwardInput start(ForwardInputConfig config, RecordSink sink, PrometheusRegistry registry)
      throws IOException {
    return start(config, sink, registry, InFlightBudget.unlimited());
  }

  /**
   * As {@link #start(ForwardInputConfig, RecordSink, PrometheusRegistry)}, holding received frames, their parse
   * copies and inflated entries within {@code budget}, which the agent shares between its inputs.
   */
  public static ForwardInput start(ForwardInputConfig config, RecordSink sink, PrometheusRegistry registry,
      InFlightBudget budget) throws IOException {
    long maxFrameSize = config.maxFrameSize().bytes();
    if (maxFrameSize >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("max_frame_size must be less than 2GiB for the forward input, got "
          + config.maxFrameSize());
    }
    // Built before anything starts, so a bad certificate or an unresolvable <client host> fails the start cleanly.
    Optional<SslContext> tls = config.tls().enabled() ? Optional.of(ListenerTls.serverContext(config.tls()))
        : Optional.empty();
    Optional<HandshakePolicy> handshake = Optional.ofNullable(config.security()).map(HandshakePolicy::from);
    ForwardInputMetrics metrics = new ForwardInputMetrics(registry);
    long inflateLimit = Math.min(maxFrameSize * INFLATE_FACTOR, budget.limit() / INFLATE_BUDGET_SHARE);
    ForwardMessages messages = new ForwardMessages(Math.min(inflateLimit, Integer.MAX_VALUE - 8));
    ForwardIngest ingest = new SinkForwardIngest(messages, sink, config.ack(), metrics);
    SinkAvailability availability = new SinkAvailability(sink);
    ExecutorService appenders = new ThreadPoolExecutor(APPEND_THREADS, APPEND_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(APPEND_QUEUE), new DefaultThreadFactory("sluice-forward-append"));
    EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("sluice-forward-io"));
    PeerProblemLog problems = new PeerProblemLog(LOG, "Forward", PeerProblemLog.INTERVAL);
    problems.start(group);
    ConnectionLimitsConfig limits = config.connections();
    ConnectionMetrics connections = new ConnectionMetrics(registry, "forward");
    ProgressRules progress = new ProgressRules(config.heartbeat().idleTimeout(), limits.minTransferRate().bytes(),
        limits.transferGrace(), ForwardChannelInitializer::completedBytes, connections, problems);
    ForwardChannelInitializer pipeline = new ForwardChannelInitializer(maxFrameSize, progress,
        config.handshakeTimeout(), metrics, problems,
        () -> new ForwardMessageHandler(ingest, appenders, availability, metrics, problems), tls, handshake,
        budget);
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.SO_KEEPALIVE, config.heartbeat().tcpKeepalive())
        .childHandler(new ConnectionLimiter(limits.max(), limits.maxPerSource(), "inputs.forward.connections",
            pipeline, connections, problems))
        .bind(new InetSocketAddress(config.bind(), config.port()))
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw stop(group, appenders, problems, null, config, "TCP", bound.cause());
    }
    int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
    Channel heartbeats = null;
    if (config.heartbeat().udp()) {
      ChannelFuture udp = new Bootstrap()
          .group(group)
          .channel(NioDatagramChannel.class)
          .handler(new HeartbeatHandler())
          .bind(new InetSocketAddress(config.bind(), port))
          .awaitUninterruptibly();
      if (!udp.isSuccess()) {
        throw stop(group, appenders, problems, bound.channel(), config, "UDP", udp.cause());
      }
      heartbeats = udp.channel();
    }
    availability.listen();
    LOG.info("Forward input listening on {}:{} max_frame_size={} ack={} udp_heartbeat={} tcp_keepalive={} "
        + "idle_timeout={} tls={} shared_key_handshake={} max_connections={} max_per_source={} "
        + "min_transfer_rate={}/s", config.bind(), port, config.maxFrameSize(), config.ack(),
        config.heartbeat().udp(), config.heartbeat().tcpKeepalive(), config.heartbeat().idleTimeout(),
        tls.isPresent(), handshake.isPresent(), limits.max(), limits.maxPerSource(), limits.minTransferRate());
    return new ForwardInput(group, appenders, bound.channel(), heartbeats, problems);
  }

  /** The port actually bound, TCP and UDP, which differs from the configured one when that was 0. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * Stops accepting connections and heartbeats, lets messages already received finish (they are appended and
   * acked) for at most {@code timeout}, then closes every connection and stops the threads. Returns once the
   * threads have ended; later calls return at once.
   */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    listener.close().awaitUninterruptibly();
    if (heartbeats != null) {
      heartbeats.close().awaitUninterruptibly();
    }
    InputThreads.drain("Forward", appenders, group, deadline, timeout);
    problems.close();
    LOG.info("Forward input stopped");
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  private static IOException stop(EventLoopGroup group, ExecutorService appenders, PeerProblemLog problems,
      Channel listener, ForwardInputConfig config, String transport, Throwable cause) {
    if (listener != null) {
      listener.close().awaitUninterruptibly();
    }
    appenders.shutdownNow();
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    problems.close();
    return new IOException("cannot listen on " + config.bind() + ":" + config.port() + " (" + transport
        + ") for the forward input: " + cause.getMessage(), cause);
  }
}
