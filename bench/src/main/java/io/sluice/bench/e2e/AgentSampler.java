package io.sluice.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the agent every 100 ms on a thread of its own: records shipped, CPU, RssAnon. Stops once every record is
 * shipped, and says when that was.
 */
final class AgentSampler implements AutoCloseable {

  private static final long PERIOD_MILLIS = 100;

  private final AgentProcess agent;
  private final long target;
  private final List<Sample> samples = new ArrayList<>();
  private final CountDownLatch allShipped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean stopped;
  private volatile Exception failure;

  AgentSampler(AgentProcess agent, long target) {
    this.agent = agent;
    this.target = target;
    this.thread = new Thread(this::sampleUntilShipped, "e2e-sampler");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Waits until the files hold {@code target} records; false on timeout. */
  boolean awaitAllShipped(long timeout, TimeUnit unit) throws Exception {
    boolean done = allShipped.await(timeout, unit);
    if (failure != null) {
      throw failure;
    }
    return done;
  }

  /** The readings so far; call after {@link #close()}. */
  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  private void sampleUntilShipped() {
    try {
      while (!stopped) {
        long now = System.nanoTime();
        Sample sample = new Sample(now, agent.shippedRecords(), ProcCpu.seconds(agent.pid()),
            ProcStatus.read(agent.pid()).rssAnonKib());
        synchronized (samples) {
          samples.add(sample);
        }
        if (sample.shippedRecords() >= target) {
          allShipped.countDown();
          return;
        }
        long sleep = PERIOD_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - now);
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      }
    } catch (Exception e) {
      failure = e;
      allShipped.countDown();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
