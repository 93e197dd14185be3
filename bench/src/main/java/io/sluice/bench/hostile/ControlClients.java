package io.sluice.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The well-behaved clients beside each attack: a forward client sending PackedForward chunks with ack at a steady
 * rate, an HTTP client posting JSON arrays, and a {@code /healthz} probe. Every record carries its own id, so what
 * was acknowledged can be looked for in the output.
 */
final class ControlClients implements AutoCloseable {

  private final AgentTarget target;
  private final String scenario;
  private final SuiteOptions options;
  private final boolean withControl;
  private final ControlTally forward = new ControlTally();
  private final ControlTally http = new ControlTally();
  private final List<Thread> threads = new ArrayList<>();
  private long healthProbes;
  private long healthFailures;
  private long healthMaxMillis;
  private volatile boolean running = true;

  /** Starts the probe, and the control clients unless {@code withControl} is false. */
  ControlClients(AgentTarget target, String scenario, SuiteOptions options, boolean withControl) {
    this.target = target;
    this.scenario = scenario;
    this.options = options;
    this.withControl = withControl;
    if (withControl) {
      start("hostile-control-forward", this::forwardLoop);
      start("hostile-control-http", this::httpLoop);
    }
    start("hostile-healthz", this::healthLoop);
  }

  ControlTally forward() {
    return forward;
  }

  ControlTally http() {
    return http;
  }

  boolean withControl() {
    return withControl;
  }

  synchronized HealthFigures health() {
    return new HealthFigures(healthProbes, healthFailures, healthMaxMillis);
  }

  private void start(String name, Runnable loop) {
    Thread thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
    threads.add(thread);
  }

  private void forwardLoop() {
    ForwardClient client = null;
    int records = options.controlRecords();
    for (long first = 0; running; first += records) {
      String prefix = scenario + "/f";
      byte[] entries = HostileFrames.controlEntries(prefix, first, records);
      long started = System.nanoTime();
      forward.sent(records);
      try {
        if (client == null) {
          client = target.secure()
              ? ForwardClient.authenticated(Loopback.CONTROL, target.forwardPort(), target.sharedKey(),
                  options.ackTimeout())
              : ForwardClient.plain(Loopback.CONTROL, target.forwardPort(), options.ackTimeout());
        }
        client.sendAcked("control.forward", entries, records, prefix + "/" + first);
        forward.acked(ids(prefix, first, records), millisSince(started));
      } catch (IOException | RuntimeException e) {
        forward.failed(millisSince(started), reason(e));
        if (client != null) {
          client.close();
          client = null;
        }
      }
      pause(options.controlInterval());
    }
    if (client != null) {
      client.close();
    }
  }

  private void httpLoop() {
    int records = options.controlRecords();
    for (long first = 0; running; first += records) {
      String prefix = scenario + "/h";
      byte[] body = jsonArray(prefix, first, records);
      long started = System.nanoTime();
      http.sent(records);
      try {
        int status = PlainHttp.post(Loopback.CONTROL, target.httpPort(), "/control.http", "application/json", body,
            options.ackTimeout());
        if (status == 200) {
          http.acked(ids(prefix, first, records), millisSince(started));
        } else {
          http.failed(millisSince(started), status < 0 ? "no status line" : "status " + status);
        }
      } catch (RuntimeException e) {
        http.failed(millisSince(started), reason(e));
      }
      pause(options.controlInterval());
    }
  }

  private void healthLoop() {
    while (running) {
      long started = System.nanoTime();
      boolean healthy = target.agent().healthy(options.ackTimeout());
      long millis = millisSince(started);
      synchronized (this) {
        healthProbes++;
        healthFailures += healthy ? 0 : 1;
        healthMaxMillis = Math.max(healthMaxMillis, millis);
      }
      pause(Duration.ofMillis(500));
    }
  }

  private static byte[] jsonArray(String prefix, long first, int count) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      json.append(i > 0 ? "," : "").append("{\"").append(LandedRecords.CONTROL_KEY).append("\":\"")
          .append(prefix).append('/').append(first + i)
          .append("\",\"level\":\"info\",\"msg\":\"a well-behaved client's record\"}");
    }
    return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    return e.getClass().getSimpleName() + ": " + (message.length() > 80 ? message.substring(0, 80) : message);
  }

  private static List<String> ids(String prefix, long first, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(prefix + "/" + (first + i));
    }
    return ids;
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops the clients after their current chunk or request (at most the ack timeout). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(options.ackTimeout().toMillis() + 5_000);
    }
  }
}
