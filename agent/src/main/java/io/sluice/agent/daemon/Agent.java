package io.sluice.agent.daemon;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.admin.AdminEndpoints;
import io.sluice.agent.admin.AdminServer;
import io.sluice.agent.admin.MetricsScrape;
import io.sluice.agent.admin.Readiness;
import io.sluice.agent.admin.ReadinessCheck;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.config.admin.AdminConfig;
import io.sluice.config.output.OutputConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sluice process, built from its configuration: {@link #start()} brings the components up,
 * {@link #close()} takes them down gracefully within the configured drain timeout.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private enum State { NEW, RUNNING, STOPPED }

  private final SluiceConfig config;
  private final PrometheusRegistry metrics;
  private final CountDownLatch stopped = new CountDownLatch(1);

  // Guarded by this; volatile so the readiness check and adminPort() read them without the lock.
  private volatile State state = State.NEW;
  private volatile AdminServer admin;

  public Agent(SluiceConfig config) {
    this.config = config;
    this.metrics = AgentMetrics.create(config.agent().id());
  }

  /**
   * Creates the working directories and starts listening.
   *
   * @throws IOException when a directory cannot be created or a port cannot be bound; nothing is left running
   * @throws IllegalStateException when the agent was already started or closed
   */
  public synchronized void start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException("an agent starts once; this one is " + state);
    }
    try {
      AgentDirectories.create(config);
      admin = startAdmin(config.admin());
    } catch (IOException | RuntimeException e) {
      finish();
      throw e;
    }
    state = State.RUNNING;
    LOG.info("Sluice agent started agent_id={} admin={} buffer={} outputs={} drain_timeout={}",
        config.agent().id(), adminAddress(), config.buffer().directory(), describe(config.outputs()),
        Durations.format(config.agent().drainTimeout()));
  }

  /** The port the admin endpoint listens on, empty when it is disabled or the agent is not running. */
  public OptionalInt adminPort() {
    AdminServer server = admin;
    return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
  }

  /** Blocks until the agent has stopped, whoever closed it. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully: readiness fails first, then components stop, all within the drain timeout. Safe to call
   * more than once and from several threads; later calls return once the first has finished.
   */
  @Override
  public synchronized void close() {
    if (state == State.STOPPED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    // Readiness drops before anything stops, so a load balancer stops routing here while we drain.
    state = State.STOPPED;
    Duration drainTimeout = config.agent().drainTimeout();
    if (wasRunning) {
      LOG.info("Sluice agent stopping agent_id={} drain_timeout={}", config.agent().id(),
          Durations.format(drainTimeout));
    }
    long startedNanos = System.nanoTime();
    closeAdmin(drainTimeout);
    finish();
    if (wasRunning) {
      LOG.info("Sluice agent stopped agent_id={} took_ms={}", config.agent().id(),
          Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
    }
  }

  private AdminServer startAdmin(AdminConfig adminConfig) throws IOException {
    if (!adminConfig.enabled()) {
      return null;
    }
    Readiness readiness = new Readiness(readinessChecks());
    AdminEndpoints endpoints = new AdminEndpoints(readiness, new MetricsScrape(metrics));
    return AdminServer.start(new InetSocketAddress(adminConfig.bind(), adminConfig.port()), endpoints);
  }

  private List<ReadinessCheck> readinessChecks() {
    return List.of(ReadinessCheck.of("agent", () -> state == State.RUNNING));
  }

  private void closeAdmin(Duration timeout) {
    AdminServer server = admin;
    if (server != null) {
      server.close(timeout);
      admin = null;
    }
  }

  private void finish() {
    state = State.STOPPED;
    stopped.countDown();
  }

  private String adminAddress() {
    AdminServer server = admin;
    return server == null ? "off" : config.admin().bind() + ":" + server.port();
  }

  private static String describe(List<OutputConfig> outputs) {
    return outputs.stream()
        .map(output -> output.name() + ":" + output.type().name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(",", "[", "]"));
  }
}
