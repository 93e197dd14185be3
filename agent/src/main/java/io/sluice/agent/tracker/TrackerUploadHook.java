package io.sluice.agent.tracker;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.output.UploadedFile;
import io.sluice.agent.output.store.StoredObject;
import io.sluice.loader.tracker.FileRegistrar;
import io.sluice.loader.tracker.NoConfigException;
import io.sluice.loader.tracker.Registration;
import io.sluice.loader.tracker.TrackerException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers each file an S3 output uploaded in the tracker ({@code tracker.mode: embedded}). Returning lets the
 * output commit; throwing makes it retry with back-off while its queue position stays put, so a file is never
 * committed unregistered while DynamoDB is unreachable or the batch is stuck.
 *
 * <p>Two outcomes can never change by retrying and are accepted with a log line and a metric instead of stalling
 * the output: no config item covers the file's prefix (as the Lambda, which ignores such files), and a key the
 * loaders cannot load.
 */
public final class TrackerUploadHook implements UploadHook {

  private static final Logger log = LoggerFactory.getLogger(TrackerUploadHook.class);

  private final Supplier<FileRegistrar> registrar;
  private final BooleanSupplier trackerReady;
  private final Set<String> s3Destinations;
  private final Counter registrations;
  private final Set<String> reportedUnconfigured = ConcurrentHashMap.newKeySet();

  /**
   * @param trackerReady whether the tables and config items are in place; until then files are held back
   * @param s3Destinations the names of the outputs that upload to S3; files of other outputs are not registered
   */
  public TrackerUploadHook(FileRegistrar registrar, BooleanSupplier trackerReady, Set<String> s3Destinations,
      PrometheusRegistry metrics) {
    this(() -> registrar, trackerReady, s3Destinations, metrics);
  }

  /**
   * As {@link #TrackerUploadHook(FileRegistrar, BooleanSupplier, Set, PrometheusRegistry)}, registering through the
   * registrar of the loader running at each call, since a reload replaces the embedded loader.
   */
  public TrackerUploadHook(Supplier<FileRegistrar> registrar, BooleanSupplier trackerReady,
      Set<String> s3Destinations, PrometheusRegistry metrics) {
    this.registrar = registrar;
    this.trackerReady = trackerReady;
    this.s3Destinations = Set.copyOf(s3Destinations);
    this.registrations = Counter.builder().name("sluice_tracker_registrations_total")
        .help("Uploaded files offered to the batch tracker, by output and outcome")
        .labelNames("destination", "outcome").register(metrics);
    // At zero from the start, so that increase() in an alert sees the first file left unregistered.
    for (String destination : this.s3Destinations) {
      for (String outcome : List.of("registered", "already_registered", "filtered", "unconfigured", "refused")) {
        registrations.initLabelValues(destination, outcome);
      }
    }
  }

  @Override
  public void uploaded(UploadedFile file) {
    if (!s3Destinations.contains(file.destination())) {
      return;
    }
    if (!trackerReady.getAsBoolean()) {
      // Registering before this process's config items exist would find no config and skip the file for good.
      throw new TrackerException("the tracker's tables and config items are not prepared yet (DynamoDB unreachable"
          + " since the start); " + file.object().key() + " waits");
    }
    StoredObject object = file.object();
    String outcome;
    try {
      FileRegistrar current = registrar.get();
      if (current == null) {
        throw new TrackerException("the embedded loader is stopped; " + object.key() + " waits");
      }
      Registration registration = current.register(object.container(), object.key(), object.sizeBytes());
      outcome = switch (registration.outcome()) {
        case REGISTERED -> "registered";
        case ALREADY_REGISTERED -> "already_registered";
        case FILTERED -> "filtered";
      };
    } catch (NoConfigException e) {
      outcome = "unconfigured";
      String directory = object.container() + "/" + object.key().substring(0, Math.max(0, object.key().lastIndexOf('/')));
      if (reportedUnconfigured.add(directory)) {
        log.warn("Files under {} are uploaded but not registered: {}. Add a loader.loads entry (or a config item)"
            + " for their prefix to load them", directory, e.getMessage());
      }
    } catch (IllegalArgumentException e) {
      outcome = "refused";
      log.error("Uploaded s3://{}/{} is not registered: {}", object.container(), object.key(), e.getMessage());
    }
    registrations.labelValues(file.destination(), outcome).inc();
  }
}
