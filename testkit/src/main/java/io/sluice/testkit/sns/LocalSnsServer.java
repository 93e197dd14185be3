package io.sluice.testkit.sns;

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

/** The SNS stand-in on a loopback port, served by the JDK's HTTP server on a few named threads. */
final class LocalSnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalSnsServer.class);
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService threads;
  private final SnsTopics topics;
  private final LocalSns handle;

  private LocalSnsServer(HttpServer server, ExecutorService threads, SnsTopics topics, LocalSns handle) {
    this.server = server;
    this.threads = threads;
    this.topics = topics;
    this.handle = handle;
  }

  static LocalSnsServer start() throws IOException {
    SnsTopics topics = new SnsTopics(LocalSns.REGION.id(), LocalSns.ACCOUNT_ID);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    AtomicInteger ids = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "local-sns-" + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/", new SnsHttpHandler(topics));
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    LOG.debug("Local SNS listening on {}", endpoint);
    return new LocalSnsServer(server, threads, topics, new LocalSns(endpoint, topics));
  }

  LocalSns handle() {
    return handle;
  }

  /** Forgets every topic and message. */
  void reset() {
    topics.clear();
  }

  @Override
  public void close() throws InterruptedException {
    handle.close();
    server.stop(0);
    threads.shutdown();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("Local SNS threads did not stop within 5 s");
    }
  }
}
