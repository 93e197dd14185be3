package io.sluice.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP relay in front of a real server that a test can take down and bring back on the same port, to
 * stage an outage (S3 unreachable, a cluster in maintenance) without stopping the shared server itself.
 *
 * <p>While down, the port refuses connections and every relayed connection is cut, as when the server dies.
 */
public final class SwitchableTcpRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchableTcpRelay.class);

  private final InetSocketAddress target;
  private final int port;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;
  private Future<?> acceptor;

  private SwitchableTcpRelay(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
    AtomicInteger ids = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "tcp-relay-" + port + "-" + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.threads = Executors.newCachedThreadPool(factory);
  }

  /** Starts relaying from a free loopback port to {@code target}. */
  public static SwitchableTcpRelay start(InetSocketAddress target) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    SwitchableTcpRelay relay = new SwitchableTcpRelay(target, port);
    relay.up();
    return relay;
  }

  /** The loopback port clients connect to; it stays the same across {@link #down()} and {@link #up()}. */
  public int port() {
    return port;
  }

  /** Starts accepting and relaying again on the same port. */
  public synchronized void up() throws IOException {
    if (listener != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    listener = socket;
    acceptor = threads.submit(() -> accept(socket));
  }

  /** Refuses new connections and cuts every relayed one. */
  public synchronized void down() {
    if (listener == null) {
      return;
    }
    closeQuietly(listener);
    listener = null;
    awaitAcceptorExit();
    sockets.forEach(SwitchableTcpRelay::closeQuietly);
    sockets.clear();
  }

  /**
   * The JDK defers closing a server socket that another thread is blocked accepting on until that thread leaves
   * accept(); until then the port still takes connections. Waiting for the acceptor makes down() mean down.
   */
  private void awaitAcceptorExit() {
    try {
      acceptor.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("TCP relay acceptor on port {} did not stop cleanly", port, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    down();
    threads.shutdownNow();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("TCP relay threads on port {} did not stop within 5 s", port);
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        threads.execute(() -> pump(client, server));
        threads.execute(() -> pump(server, client));
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.debug("TCP relay on port {} failed to accept or connect", port, e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] chunk = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(chunk)) >= 0) {
        out.write(chunk, 0, read);
        out.flush();
      }
    } catch (SocketException e) {
      // The other direction or down() closed the pair: the relayed connection is over.
    } catch (IOException e) {
      LOG.debug("TCP relay on port {} lost a connection", port, e);
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.trace("closing a relay socket failed", e);
    }
  }
}
