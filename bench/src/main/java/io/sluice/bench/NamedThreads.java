package io.sluice.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names benchmark threads so a profile or a thread dump tells clients from the agent. */
final class NamedThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger ids = new AtomicInteger();

  NamedThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = new Thread(runnable, prefix + "-" + ids.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
