package io.sluice.loader.load;

import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.retry.FailureLog;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.TrackerTables;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Creates the tracker's missing tables and writes each load configuration as its config item. An agent starting
 * while DynamoDB is unreachable comes up anyway and keeps trying: until this has succeeded its outputs hold their
 * files back (nothing is registered against a config item that does not exist yet) and the loader does not scan.
 */
final class TrackerPreparation {

  private static final Logger log = LoggerFactory.getLogger(TrackerPreparation.class);

  private final FailureLog failures = new FailureLog(log);

  private final TrackerTables tables;
  private final ConfigTable configs;
  private final List<LoadConfig> loads;
  private volatile boolean prepared;

  TrackerPreparation(TrackerTables tables, ConfigTable configs, List<LoadConfig> loads) {
    this.tables = tables;
    this.configs = configs;
    this.loads = List.copyOf(loads);
  }

  /** Prepares the tracker unless done already; false, with the reason logged, while DynamoDB cannot be reached. */
  boolean tryPrepare() {
    if (prepared) {
      return true;
    }
    try {
      tables.createIfMissing();
      for (LoadConfig load : loads) {
        configs.upsert(load, null);
        log.info("Config item {} written from loader.loads", load.s3Prefix());
      }
      prepared = true;
      failures.recovered("Tracker's tables and config items prepared");
      return true;
    } catch (SdkException e) {
      failures.failed(Level.WARN, "prepare", "Cannot prepare the tracker's tables and config items yet; uploads"
          + " wait for it: {}", e.toString());
      return false;
    }
  }

  /** Whether the tables and config items are in place. */
  boolean prepared() {
    return prepared;
  }
}
