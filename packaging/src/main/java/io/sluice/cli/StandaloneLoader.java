package io.sluice.cli;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.admin.AdminEndpoints;
import io.sluice.agent.admin.AdminServer;
import io.sluice.agent.admin.MetricsScrape;
import io.sluice.agent.admin.Readiness;
import io.sluice.agent.admin.ReadinessCheck;
import io.sluice.agent.status.StatusReport;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.config.admin.AdminConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.load.EmbeddedLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon of {@code sluice loader run}: the embedded loader without the agent's inputs, buffer and outputs, and
 * the agent's admin endpoint ({@code /metrics}, {@code /healthz}, {@code /readyz}) when {@code admin} is enabled.
 */
final class StandaloneLoader implements Daemon {

  private static final Logger LOG = LoggerFactory.getLogger(StandaloneLoader.class);

  private final EmbeddedLoader loader;
  private final AdminServer admin;
  private final Duration drainTimeout;
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Read by {@code /readyz} on the admin thread. */
  private final AtomicBoolean running;

  private StandaloneLoader(EmbeddedLoader loader, AdminServer admin, Duration drainTimeout, AtomicBoolean running) {
    this.loader = loader;
    this.admin = admin;
    this.drainTimeout = drainTimeout;
    this.running = running;
  }

  /**
   * Prepares the tracker (tables, config items of {@code loader.loads}), starts loading due batches, then opens the
   * admin endpoint.
   *
   * @throws IOException when the admin endpoint cannot listen; nothing is left running then
   */
  static StandaloneLoader start(SluiceConfig config) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    EmbeddedLoader loader = EmbeddedLoader.start(config, registry);
    AtomicBoolean running = new AtomicBoolean(true);
    AdminServer admin;
    try {
      admin = startAdmin(config, registry, running::get, loader);
    } catch (IOException | RuntimeException e) {
      loader.close(Duration.ZERO);
      throw e;
    }
    LOG.info("Sluice loader started loads={} scan_interval={} admin={} drain_timeout={}",
        prefixes(config.loader().loads()), Durations.format(config.loader().scanInterval()),
        admin == null ? "off" : config.admin().bind() + ":" + admin.port(),
        Durations.format(config.agent().drainTimeout()));
    return new StandaloneLoader(loader, admin, config.agent().drainTimeout(), running);
  }

  private static AdminServer startAdmin(SluiceConfig config, PrometheusRegistry registry, BooleanSupplier ready,
      EmbeddedLoader loader) throws IOException {
    AdminConfig admin = config.admin();
    if (!admin.enabled()) {
      return null;
    }
    Readiness readiness = new Readiness(List.of(ReadinessCheck.of("loader", ready)));
    StatusReport status = new StatusReport(new StatusReport.Sources("loader", config.agent().id(), Instant.now(),
        readiness::failures, null, List::of, loader::status, Clock.systemUTC()));
    return AdminServer.start(new InetSocketAddress(admin.bind(), admin.port()),
        new AdminEndpoints(readiness, new MetricsScrape(registry), status::json), registry);
  }

  @Override
  public OptionalInt adminPort() {
    return admin == null || !running.get() ? OptionalInt.empty() : OptionalInt.of(admin.port());
  }

  /** Stops scanning, lets loads in flight finish within {@code agent.drain_timeout}, then closes the endpoint. */
  @Override
  public synchronized void close() {
    // Readiness drops first, so a probe sees the loader going before it stops.
    if (!running.getAndSet(false)) {
      return;
    }
    LOG.info("Sluice loader stopping drain_timeout={}", Durations.format(drainTimeout));
    try {
      loader.close(drainTimeout);
    } finally {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
      stopped.countDown();
      LOG.info("Sluice loader stopped");
    }
  }

  @Override
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  private static String prefixes(List<LoadConfig> loads) {
    return loads.stream().map(LoadConfig::s3Prefix).collect(Collectors.joining(","));
  }
}
