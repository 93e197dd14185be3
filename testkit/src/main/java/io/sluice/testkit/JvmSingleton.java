package io.sluice.testkit;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one local server lazily, at most once per JVM, and stops it from a JVM shutdown hook.
 *
 * <p>Starting a server costs about a second, so every test class of a test JVM shares one instance and the
 * extensions reset its state between tests instead. A failed start is remembered: the tests that follow fail at
 * once with the original cause rather than each waiting for another doomed start.
 *
 * @param <T> the started server
 */
public final class JvmSingleton<T extends AutoCloseable> {

  /** Starts the server; called at most once. */
  @FunctionalInterface
  public interface Starter<T> {
    T start() throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(JvmSingleton.class);

  private final String name;
  private final Starter<? extends T> starter;
  private T instance;
  private Exception startFailure;

  /**
   * @param name short name of the server, used in log lines and in the shutdown hook's thread name
   * @param starter starts the server
   */
  public JvmSingleton(String name, Starter<? extends T> starter) {
    this.name = Objects.requireNonNull(name, "name");
    this.starter = Objects.requireNonNull(starter, "starter");
  }

  /** Returns the running server, starting it first if this is the first call in this JVM. */
  public synchronized T get() {
    if (instance != null) {
      return instance;
    }
    if (startFailure != null) {
      throw new IllegalStateException("local " + name + " failed to start earlier in this JVM", startFailure);
    }
    long startedAt = System.nanoTime();
    try {
      instance = starter.start();
    } catch (Exception e) {
      startFailure = e;
      throw new IllegalStateException("local " + name + " failed to start", e);
    }
    LOG.info("Started local {} in {} ms", name, (System.nanoTime() - startedAt) / 1_000_000);
    T started = instance;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "testkit-stop-" + name));
    return started;
  }

  private void stop(T server) {
    try {
      server.close();
      LOG.debug("Stopped local {}", name);
    } catch (Exception e) {
      LOG.warn("Could not stop local {} cleanly", name, e);
    }
  }
}
