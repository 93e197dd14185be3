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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The HTTP listener of the admin endpoint: one event loop thread, plain HTTP/1.1, bodies ignored. */
public final class AdminServer implements AutoCloseable {

  /** Admin requests are GETs; this only bounds what a confused client can make us buffer. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final EventLoopGroup group;
  private final Channel channel;

  private AdminServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Listens on {@code address} (port 0 picks a free port, see {@link #port()}) and answers through {@code router}.
   *
   * @throws IOException when the address cannot be bound, with the address in the message
   */
  public static AdminServer start(InetSocketAddress address, AdminRouter router) throws IOException {
    // One thread accepts and serves: the endpoint sees a scrape every few seconds, not traffic.
    EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-admin"));
    AdminHttpHandler handler = new AdminHttpHandler(router);
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(handler);
          }
        })
        .bind(address)
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
      Throwable cause = bound.cause();
      throw new IOException("cannot listen on " + address.getHostString() + ":" + address.getPort()
          + " for the admin endpoint: " + cause.getMessage(), cause);
    }
    return new AdminServer(group, bound.channel());
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
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }
}
