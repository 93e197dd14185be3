package io.sluice.testkit.redshift;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through {@link PgWireProxy}: a thread relays the client's messages to PostgreSQL (see
 * {@link StartupHandshake} and {@link FrontendRelay}), another copies PostgreSQL's replies back unchanged.
 * Whichever side ends first closes both sockets.
 */
final class ProxyConnection implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  /** How long the server gets to close its side after the client has said goodbye. */
  private static final Duration SERVER_CLOSE_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final Socket client;
  private final Socket server = new Socket();
  private final InetSocketAddress serverAddress;
  private final UnaryOperator<String> rewriter;
  private final Consumer<ProxyConnection> onClose;
  private final Thread clientToServer;
  private final Thread serverToClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param onClose told once, when the connection has closed both sockets
   */
  ProxyConnection(int id, Socket client, InetSocketAddress serverAddress, UnaryOperator<String> rewriter,
      Consumer<ProxyConnection> onClose) {
    this.name = "local-redshift-proxy-" + id;
    this.client = client;
    this.serverAddress = serverAddress;
    this.rewriter = rewriter;
    this.onClose = onClose;
    this.clientToServer = daemon(this::relayClientToServer, name + "-client");
    this.serverToClient = daemon(this::copyServerToClient, name + "-server");
  }

  void start() {
    clientToServer.start();
  }

  /** Waits for both relay threads to end, after {@link #close()}. */
  void join(Duration timeout) throws InterruptedException {
    clientToServer.join(timeout.toMillis());
    if (serverToClient.isAlive()) {
      serverToClient.join(timeout.toMillis());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeSocket(client, "client");
    closeSocket(server, "server");
    onClose.accept(this);
  }

  private void relayClientToServer() {
    try {
      server.connect(serverAddress, CONNECT_TIMEOUT_MILLIS);
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      DataInputStream fromClient = new DataInputStream(new BufferedInputStream(client.getInputStream()));
      DataOutputStream toServer = new DataOutputStream(new BufferedOutputStream(server.getOutputStream()));
      if (StartupHandshake.relay(fromClient, client.getOutputStream(), toServer)
          == StartupHandshake.Outcome.SESSION) {
        serverToClient.start();
        new FrontendRelay(fromClient, toServer, rewriter).run();
        // The client is done; the server closes its side once it has seen the end, which ends the other thread.
        server.shutdownOutput();
        serverToClient.join(SERVER_CLOSE_WAIT.toMillis());
      }
    } catch (IOException e) {
      logEnd("client", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.debug("{} interrupted", name);
    } catch (RuntimeException e) {
      LOG.warn("{} failed relaying client messages", name, e);
    } finally {
      close();
    }
  }

  private void copyServerToClient() {
    try {
      server.getInputStream().transferTo(client.getOutputStream());
    } catch (IOException e) {
      logEnd("server", e);
    } finally {
      close();
    }
  }

  private void logEnd(String side, IOException e) {
    // Once closed, the other thread's blocked read or write fails by design.
    if (closed.get()) {
      LOG.trace("{} {} side ended after close: {}", name, side, e.toString());
    } else {
      LOG.debug("{} {} side ended: {}", name, side, e.toString());
    }
  }

  private void closeSocket(Socket socket, String side) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("{} could not close the {} socket", name, side, e);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
