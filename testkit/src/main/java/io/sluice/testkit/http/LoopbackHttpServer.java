package io.sluice.testkit.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDK's HTTP server on an ephemeral loopback port, answering on a few named daemon threads. */
public final class LoopbackHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackHttpServer.class);
  private static final int THREADS = 4;

  private final String name;
  private final HttpServer server;
  private final ExecutorService threads;
  private final URI endpoint;

  private LoopbackHttpServer(String name, HttpServer server, ExecutorService threads) {
    this.name = name;
    this.server = server;
    this.threads = threads;
    this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Serves every path with {@code handler} on threads named {@code <name>-<n>}. */
  public static LoopbackHttpServer start(String name, HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    AtomicInteger ids = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, name + "-" + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/", handler);
    server.start();
    LoopbackHttpServer started = new LoopbackHttpServer(name, server, threads);
    LOG.debug("{} listening on {}", name, started.endpoint);
    return started;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    threads.shutdown();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("{} threads did not stop within 5 s", name);
    }
  }
}
