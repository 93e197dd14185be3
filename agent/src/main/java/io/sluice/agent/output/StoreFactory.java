package io.sluice.agent.output;

import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.s3.S3ObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.output.OutputConfig;

/** Builds the object store an output writes to. */
@FunctionalInterface
public interface StoreFactory {

  /**
   * The store the output's config names: its S3 bucket (in {@code tracker.region} when it names no region of its
   * own), or its local directory.
   */
  StoreFactory FROM_CONFIG = new StoreFactory() {
    @Override
    public ObjectStore create(OutputConfig output) {
      return create(output, null);
    }

    @Override
    public ObjectStore create(OutputConfig output, String trackerRegion) {
      return switch (output.type()) {
        case S3 -> S3ObjectStore.create(output, trackerRegion);
        case LOCAL -> new LocalObjectStore(output.directory());
      };
    }
  };

  ObjectStore create(OutputConfig output);

  /** The store of {@code output} in an agent whose {@code tracker.region} is {@code trackerRegion} (may be null). */
  default ObjectStore create(OutputConfig output, String trackerRegion) {
    return create(output);
  }
}
