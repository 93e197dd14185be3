package io.sluice.testkit.kms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The KMS stand-in on a loopback port, served by the JDK's HTTP server on a few named threads. */
final class LocalKmsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKmsServer.class);
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService threads;
  private final KmsKeys keys;
  private final LocalKms handle;

  private LocalKmsServer(HttpServer server, ExecutorService threads, KmsKeys keys, LocalKms handle) {
    this.server = server;
    this.threads = threads;
    this.keys = keys;
    this.handle = handle;
  }

  static LocalKmsServer start() throws IOException {
    SecureRandom random = new SecureRandom();
    KmsKeys keys = new KmsKeys(LocalKms.REGION.id(), LocalKms.ACCOUNT_ID, random);
    ObjectMapper json = new ObjectMapper();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    AtomicInteger ids = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "local-kms-" + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/", new KmsHttpHandler(new KmsOperations(keys, json, random, LocalKms.ACCOUNT_ID), json));
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    LOG.debug("Local KMS listening on {}", endpoint);
    return new LocalKmsServer(server, threads, keys, new LocalKms(endpoint, keys));
  }

  LocalKms handle() {
    return handle;
  }

  /** Forgets every key and alias. */
  void reset() {
    keys.clear();
  }

  @Override
  public void close() throws InterruptedException {
    handle.close();
    server.stop(0);
    threads.shutdown();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("Local KMS threads did not stop within 5 s");
    }
  }
}
