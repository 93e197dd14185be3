package io.sluice.agent.input.forward;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.input.EventBatch;
import io.sluice.agent.input.InFlightBudget;
import io.sluice.config.ByteSize;
import io.sluice.config.input.ForwardInputConfig;
import io.sluice.config.input.HeartbeatConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;

/** A {@link ForwardInput} on a loopback port with a {@link RecordingSink}, and raw connections to it. */
final class RunningForwardInput implements AutoCloseable {

  final RecordingSink sink = new RecordingSink();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final ForwardInput input;

  RunningForwardInput(ForwardInputConfig config) {
    this(config, InFlightBudget.unlimited());
  }

  /** An input holding what it receives within {@code budget}. */
  RunningForwardInput(ForwardInputConfig config, InFlightBudget budget) {
    try {
      this.input = ForwardInput.start(config, sink, registry, budget);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Defaults, except loopback and a free port. */
  static RunningForwardInput start() {
    return start(1024 * 1024, Duration.ofMinutes(5));
  }

  static RunningForwardInput start(long maxFrameSize, Duration idleTimeout) {
    return new RunningForwardInput(new ForwardInputConfig(true, "127.0.0.1", 0, true,
        ByteSize.ofBytes(maxFrameSize), new HeartbeatConfig(true, true, idleTimeout), null, null, null, null));
  }

  /** Events appended so far, over every batch. */
  int events() {
    return sink.batches().stream().mapToInt(EventBatch::eventCount).sum();
  }

  /** A raw connection to the input. */
  Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", input.port());
    socket.setSoTimeout(5000);
    return socket;
  }

  @Override
  public void close() {
    input.close(Duration.ofSeconds(5));
  }
}
