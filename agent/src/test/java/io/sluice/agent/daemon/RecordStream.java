package io.sluice.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.http.KeepAliveHttpConnection;
import java.io.IOException;
import java.net.URI;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams records to an agent over one keep-alive connection, on its own thread, until the connection breaks: a POST
 * of {@value #RECORDS_PER_POST} records {@code {"id":"<round>-<n>","time":<epoch seconds>,"pad":"..."}} every
 * {@link #POST_INTERVAL}, alternating between two tags; the records of each POST take turns among
 * {@value #HOURS} hours (now, an hour ago, two hours ago), so each batch is split into files of {@value #HOURS}
 * hourly slices and the agent keeps that many open files per tag. The ids of every POST answered 200 go into
 * {@code acknowledged}.
 */
final class RecordStream implements AutoCloseable {

  static final List<String> TAGS = List.of("app.a", "app.b");
  static final int RECORDS_PER_POST = 50;
  /**
   * About 5,000 records (850 KiB) a second: a dozen 64 KiB files a second to seal and upload, which the agent keeps
   * up with, so kills land among uploads and commits rather than behind a growing backlog.
   */
  static final Duration POST_INTERVAL = Duration.ofMillis(10);
  private static final String PAD = "x".repeat(100);
  /** How many hourly slices the records of one POST fall into. */
  static final int HOURS = 3;
  private static final long SECONDS_PER_HOUR = 3600;
  /** The stream ends by itself soon after its agent dies; this only bounds a test that went wrong. */
  private static final Duration END_TIMEOUT = Duration.ofSeconds(15);

  private final int round;
  private final int port;
  private final Set<String> acknowledged;
  private final ScheduledExecutorService thread;
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger acknowledgedPosts = new AtomicInteger();
  private volatile KeepAliveHttpConnection connection;
  private ScheduledFuture<?> posting;

  private RecordStream(int round, int port, Set<String> acknowledged) {
    this.round = round;
    this.port = port;
    this.acknowledged = acknowledged;
    this.thread = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "crash-sender-" + round));
  }

  /** Starts streaming the records of {@code round} to the agent's HTTP input on {@code port}. */
  static RecordStream start(int round, int port, Set<String> acknowledged) {
    RecordStream stream = new RecordStream(round, port, acknowledged);
    stream.posting = stream.thread.scheduleAtFixedRate(stream::postNext, 0, POST_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    return stream;
  }

  private void postNext() {
    try {
      if (connection == null) {
        // Connecting here, not in start(): an agent that died right after READY ends the stream like any other.
        connection = KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + port));
      }
      int post = posts.getAndIncrement();
      List<String> ids = new ArrayList<>(RECORDS_PER_POST);
      for (int n = post * RECORDS_PER_POST; n < (post + 1) * RECORDS_PER_POST; n++) {
        ids.add(round + "-" + n);
      }
      if (connection.post("/" + TAGS.get(post % TAGS.size()), "application/json", body(ids)).status() == 200) {
        // Only now is the POST acknowledged: the agent answers once the batch is in its buffer.
        acknowledged.addAll(ids);
        acknowledgedPosts.incrementAndGet();
      }
    } catch (IOException e) {
      // The agent died. Throwing is what ends a fixed-rate schedule.
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] body(List<String> ids) {
    long now = System.currentTimeMillis() / 1000;
    StringBuilder json = new StringBuilder("[");
    for (int n = 0; n < ids.size(); n++) {
      long time = now - (n % HOURS) * SECONDS_PER_HOUR;
      json.append(json.length() > 1 ? "," : "").append("{\"id\":\"").append(ids.get(n)).append("\",\"time\":")
          .append(time).append(",\"pad\":\"").append(PAD).append("\"}");
    }
    return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Waits for the stream to end, as it does once its agent is dead, and describes what it sent. */
  String awaitEnd() throws InterruptedException, TimeoutException {
    try {
      posting.get(END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("a fixed-rate schedule ends only by failing or being cancelled");
    } catch (ExecutionException e) {
      // A broken connection, not a bug in this class, must be what stopped it.
      assertThat(e.getCause()).as("why the sender of round %d stopped", round)
          .isInstanceOf(UncheckedIOException.class);
      return posts.get() + " POSTs, " + acknowledgedPosts.get() * RECORDS_PER_POST
          + " records acknowledged, ended by " + e.getCause().getCause();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    posting.cancel(false);
    closeConnection(); // unblocks a read from an agent still alive because the test failed early
    thread.shutdown();
    thread.awaitTermination(END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    closeConnection(); // in case the last POST opened it after the first close
  }

  private void closeConnection() throws IOException {
    KeepAliveHttpConnection open = connection;
    if (open != null) {
      open.close();
    }
  }
}
