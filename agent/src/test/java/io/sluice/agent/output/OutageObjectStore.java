package io.sluice.agent.output;

import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two real stores behind one: every put goes to the broken one (an unreachable endpoint, an unwritable directory)
 * until {@link #restore()}, then to the working one. Records the keys the working store confirmed.
 */
final class OutageObjectStore extends ForwardingObjectStore {

  private final ObjectStore broken;
  private final ObjectStore working;
  private final List<Exception> failures = new CopyOnWriteArrayList<>();
  private final List<String> stored = new CopyOnWriteArrayList<>();
  private volatile boolean restored;

  OutageObjectStore(ObjectStore broken, ObjectStore working) {
    super(working);
    this.broken = broken;
    this.working = working;
  }

  /** Ends the outage: later puts reach the working store. */
  void restore() {
    restored = true;
  }

  /** The failures the broken store produced, oldest first. */
  List<Exception> failures() {
    return new ArrayList<>(failures);
  }

  /** The keys the working store confirmed, in order, repeats included. */
  List<String> storedKeys() {
    return new ArrayList<>(stored);
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    if (!restored) {
      try {
        return broken.put(key, file);
      } catch (IOException | RuntimeException e) {
        failures.add(e);
        throw e;
      }
    }
    StoredObject object = working.put(key, file);
    stored.add(key);
    return object;
  }


  @Override
  public void close() {
    try {
      broken.close();
    } finally {
      super.close();
    }
  }
}
