package io.sluice.agent.output;

import io.sluice.agent.output.local.LocalObjectStore;
import io.sluice.agent.output.s3.S3ObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.config.output.OutputConfig;

/** Builds the object store an output writes to. */
@FunctionalInterface
public interface StoreFactory {

  /** The store the output's config names: its S3 bucket, or its local directory. */
  StoreFactory FROM_CONFIG = output -> switch (output.type()) {
    case S3 -> S3ObjectStore.create(output);
    case LOCAL -> new LocalObjectStore(output.directory());
  };

  ObjectStore create(OutputConfig output);
}
