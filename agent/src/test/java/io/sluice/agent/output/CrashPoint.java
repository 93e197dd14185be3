package io.sluice.agent.output;

import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Where a test makes a destination crash with a {@link SimulatedCrash}, and whether it has. */
final class CrashPoint {

  private final AtomicBoolean crashed = new AtomicBoolean();

  boolean hasCrashed() {
    return crashed.get();
  }

  /** A hook that crashes after the store confirmed the upload, before the commit. */
  UploadHook afterUpload() {
    return file -> crash("after uploading " + file.object().key());
  }

  /** A store that crashes when asked to upload: the file is sealed and journaled, nothing is uploaded. */
  ObjectStore beforeUpload(ObjectStore real) {
    return new ForwardingObjectStore(real) {
      @Override
      public StoredObject put(String key, Path file) {
        return crash("before uploading " + key);
      }
    };
  }

  /**
   * A store that uploads the first {@code number - 1} files it is asked for and crashes when asked for the next: the
   * file is sealed and journaled, the ones before it are uploaded.
   */
  ObjectStore beforeUpload(ObjectStore real, int number) {
    AtomicInteger puts = new AtomicInteger();
    return new ForwardingObjectStore(real) {
      @Override
      public StoredObject put(String key, Path file) throws IOException {
        if (puts.incrementAndGet() == number) {
          return crash("before uploading " + key);
        }
        return super.put(key, file);
      }
    };
  }

  /** A store that crashes right after it stored a quarantine reason object: before the journal commits past it. */
  ObjectStore afterQuarantineReason(ObjectStore real) {
    return new ForwardingObjectStore(real) {
      @Override
      public StoredObject put(String key, Path file) throws IOException {
        StoredObject stored = super.put(key, file);
        if (key.endsWith(".reason.json")) {
          crash("after storing " + key);
        }
        return stored;
      }
    };
  }

  private <T> T crash(String where) {
    crashed.set(true);
    throw new SimulatedCrash(where);
  }
}
