package io.sluice.agent.output;

import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A store that passes every call to a real one; fault and audit stores override only the calls they change. */
public abstract class ForwardingObjectStore implements ObjectStore {

  private final ObjectStore delegate;

  protected ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    return delegate.put(key, file);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return delegate.list(prefix);
  }

  @Override
  public void get(String key, Path target) throws IOException {
    delegate.get(key, target);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
