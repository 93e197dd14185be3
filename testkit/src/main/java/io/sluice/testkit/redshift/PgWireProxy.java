package io.sluice.testkit.redshift;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP proxy speaking just enough of the PostgreSQL wire protocol to put a plain PostgreSQL server behind
 * the Amazon Redshift JDBC driver: it refuses TLS, drops the driver's Redshift-only startup parameters, and passes
 * the SQL of every query through a rewriter (the COPY emulation). Everything else is forwarded byte for byte.
 */
final class PgWireProxy implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(PgWireProxy.class);
  private static final Duration THREAD_STOP_WAIT = Duration.ofSeconds(5);

  private final ServerSocket listener;
  private final InetSocketAddress server;
  private final UnaryOperator<String> rewriter;
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final Thread acceptor;

  /**
   * Starts listening on a random loopback port.
   *
   * @param server the PostgreSQL server to forward to
   * @param rewriter applied to the SQL text of every Query and Parse message
   */
  PgWireProxy(InetSocketAddress server, UnaryOperator<String> rewriter) throws IOException {
    this.server = server;
    this.rewriter = rewriter;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptConnections, "local-redshift-proxy-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    try {
      // Once the acceptor has stopped, no connection can join the set behind our back.
      acceptor.join(THREAD_STOP_WAIT.toMillis());
      List<ProxyConnection> open = List.copyOf(connections);
      open.forEach(ProxyConnection::close);
      for (ProxyConnection connection : open) {
        connection.join(THREAD_STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.debug("Interrupted while waiting for the proxy threads to stop");
    }
  }

  private void acceptConnections() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("Local Redshift proxy stopped accepting connections", e);
        }
        return;
      }
      ProxyConnection connection =
          new ProxyConnection(connectionIds.incrementAndGet(), client, server, rewriter, connections::remove);
      connections.add(connection);
      connection.start();
    }
  }
}
