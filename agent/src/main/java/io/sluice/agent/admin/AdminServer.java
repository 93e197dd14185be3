package io.sluice.agent.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.connection.ConnectionLimiter;
import io.sluice.agent.connection.ConnectionMetrics;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.connection.ProgressRules;
import io.sluice.agent.connection.ProgressWatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener of the admin endpoint: one event loop thread, plain HTTP/1.1, bodies ignored. It keeps its
 * own small connection limits, apart from the inputs', so {@code /healthz} answers while floods saturate them,
 * and a flood on this port from one address leaves room for the probes from others.
 */
public final class AdminServer implements AutoCloseable {

  /** Admin requests are GETs; this only bounds what a confused client can make us buffer. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Scrapers, probes and the CLI need a handful, but clients that open a connection per request and leave it to
   * the server to close (Java's HttpClient, a poll loop) hold dozens; 256 descriptors are still nothing beside
   * the inputs' limits.
   */
  static final int MAX_CONNECTIONS = 256;
  /** Half of them per address: one flooding host leaves room for the others (the kubelet, Prometheus). */
  static final int MAX_PER_SOURCE = 128;
  /** A keep-alive connection without a request for this long is closed; scrapers reconnect at once. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
  /** A request is a few hundred bytes sent at once; one dribbled in slower than this holds a slot for nothing. */
  static final long MIN_BYTES_PER_SECOND = 64;
  static final Duration TRANSFER_GRACE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final EventLoopGroup group;
  private final Channel channel;
  private final PeerProblemLog problems;

  private AdminServer(EventLoopGroup group, Channel channel, PeerProblemLog problems) {
    this.group = group;
    this.channel = channel;
    this.problems = problems;
  }

  /**
   * Listens on {@code address} (port 0 picks a free port, see {@link #port()}), answers through {@code router} and
   * registers its connection metrics in {@code registry}.
   *
   * @throws IOException when the address cannot be bound, with the address in the message
   */
  public static AdminServer start(InetSocketAddress address, AdminRouter router, PrometheusRegistry registry)
      throws IOException {
    return start(address, router, registry, MAX_CONNECTIONS, MAX_PER_SOURCE);
  }

  static AdminServer start(InetSocketAddress address, AdminRouter router, PrometheusRegistry registry,
      int maxConnections, int maxPerSource) throws IOException {
    // One thread accepts and serves: the endpoint sees a scrape every few seconds, not traffic.
    EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-admin"));
    PeerProblemLog problems = new PeerProblemLog(LOG, "Admin", PeerProblemLog.INTERVAL);
    problems.start(group);
    ConnectionMetrics connections = new ConnectionMetrics(registry, "admin");
    ProgressRules progress = new ProgressRules(IDLE_TIMEOUT, MIN_BYTES_PER_SECOND, TRANSFER_GRACE,
        ProgressRules.MessageEnds.HTTP_REQUESTS, connections, problems);
    AdminHttpHandler handler = new AdminHttpHandler(router, problems);
    ChannelInitializer<SocketChannel> pipeline = new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ProgressWatch watch = progress.newWatch();
        ch.pipeline()
            .addLast(watch.arrivals())
            .addLast(new HttpServerCodec())
            .addLast(watch.completions())
            .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
            .addLast(handler);
      }
    };
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ConnectionLimiter(maxConnections, maxPerSource, "the admin endpoint's connections",
            pipeline, connections, problems))
        .bind(address)
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
      problems.close();
      Throwable cause = bound.cause();
      throw new IOException("cannot listen on " + address.getHostString() + ":" + address.getPort()
          + " for the admin endpoint: " + cause.getMessage(), cause);
    }
    return new AdminServer(group, bound.channel(), problems);
  }

  /** The port actually bound, which differs from the requested one when that was 0. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /**
   * Stops listening, lets requests in flight finish for at most {@code timeout}, then stops the event loop thread.
   * Returns once the thread has ended.
   */
  public void close(Duration timeout) {
    channel.close().awaitUninterruptibly();
    // The loop runs nothing that blocks, so its termination is bounded by the timeout given here.
    group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    problems.close();
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }
}
