package io.sluice.testkit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 reverse proxy on a loopback port in front of a real server (S3Proxy, DynamoDB Local) that relays
 * requests unchanged, so signatures stay valid, and injects the faults a test asks for: error answers, connections
 * reset mid-body, late responses.
 *
 * <p>Rules are tried in the order injected; the first that matches and has a use left acts, and requests no rule
 * takes are relayed. Bodies are streamed in pieces (Content-Length, chunked, {@code Expect: 100-continue}), never
 * held whole. Closing the proxy cuts every connection.
 */
public final class FaultInjectingHttpProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingHttpProxy.class);

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong faultsInjected = new AtomicLong();

  private FaultInjectingHttpProxy(InetSocketAddress target, ServerSocket listener) {
    this.target = target;
    this.listener = listener;
    AtomicInteger ids = new AtomicInteger();
    int port = listener.getLocalPort();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "fault-proxy-" + port + "-" + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.threads = Executors.newCachedThreadPool(factory);
  }

  /** Starts a proxy on a free loopback port relaying to {@code target} ({@code http://host:port}). */
  public static FaultInjectingHttpProxy start(URI target) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(target.getHost()), target.getPort());
    ServerSocket listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    FaultInjectingHttpProxy proxy = new FaultInjectingHttpProxy(address, listener);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  /** {@code http://127.0.0.1:<port>}, to give clients as their endpoint override. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Adds a rule after those already injected. */
  public void inject(Fault fault) {
    faults.add(fault);
  }

  /** Removes every rule: from now on requests are relayed unchanged. */
  public void clearFaults() {
    faults.clear();
  }

  /** How many requests the proxy has read, faulted or not. */
  public long requests() {
    return requests.get();
  }

  /** How many requests a rule acted on. */
  public long faultsInjected() {
    return faultsInjected.get();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the fault proxy listener failed", e);
    }
    sockets.forEach(FaultInjectingHttpProxy::closeQuietly);
    threads.shutdownNow();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("fault proxy threads did not stop within 5 s: port={}", listener.getLocalPort());
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        threads.execute(new ProxiedConnection(client, target, this::ruleFor, registry()));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.debug("fault proxy failed to accept: port={}", listener.getLocalPort(), e);
        }
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  private Optional<Fault> ruleFor(HttpHead request) {
    requests.incrementAndGet();
    for (Fault fault : faults) {
      if (fault.claim(request)) {
        faultsInjected.incrementAndGet();
        LOG.debug("fault injected: method={} target={} action={}", request.method(), request.target(),
            fault.action());
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  private ProxiedConnection.SocketRegistry registry() {
    return new ProxiedConnection.SocketRegistry() {
      @Override
      public void opened(Socket socket) {
        sockets.add(socket);
      }

      @Override
      public void closed(Socket socket) {
        sockets.remove(socket);
      }
    };
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.trace("closing a proxied socket failed", e);
    }
  }
}
