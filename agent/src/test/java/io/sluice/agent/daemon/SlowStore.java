package io.sluice.agent.daemon;

import io.sluice.agent.output.ForwardingObjectStore;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A store whose uploads wait: each a fixed time, or until the test opens the gate. */
final class SlowStore extends ForwardingObjectStore {

  private final long delayMillis;
  private final CountDownLatch gate;

  private SlowStore(ObjectStore store, long delayMillis, CountDownLatch gate) {
    super(store);
    this.delayMillis = delayMillis;
    this.gate = gate;
  }

  /** Each upload takes at least {@code delayMillis}. */
  static SlowStore delaying(ObjectStore store, long delayMillis) {
    return new SlowStore(store, delayMillis, new CountDownLatch(0));
  }

  /** Uploads hang until {@code gate} opens (or the uploading thread is interrupted). */
  static SlowStore blockedUntil(ObjectStore store, CountDownLatch gate) {
    return new SlowStore(store, 0, gate);
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    try {
      Thread.sleep(delayMillis);
      if (!gate.await(1, TimeUnit.HOURS)) {
        throw new IOException("the gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("upload interrupted");
    }
    return super.put(key, file);
  }
}
