package io.sluice.config.input;

import io.sluice.config.ByteSize;
import io.sluice.config.ConfigPaths;
import io.sluice.config.Problems;
import io.sluice.config.Validatable;

/**
 * The listeners records arrive on.
 *
 * @param forward the Fluentd forward protocol (TCP, with UDP heartbeat) listener
 * @param http the HTTP listener compatible with Fluentd's in_http
 * @param memoryBudget the bytes all inputs together may hold in memory for frames and bodies not yet in the
 *     buffer (received, copied while parsed, inflated); past it, connections stop being read until bytes are freed
 */
public record InputsConfig(ForwardInputConfig forward, HttpInputConfig http, ByteSize memoryBudget)
    implements Validatable {

  /**
   * Two default-sized forward frames (64 MiB) with their parse copies, or four HTTP bodies (32 MiB), or a hundred
   * typical 1-2 MiB chunks at once: more than the append threads (4 per input) can work on, so the budget only
   * bites when clients send faster than the buffer stores. With the overdraft it keeps the inputs' heap under
   * 700 MiB, which the shipped {@code -Xmx1280m} holds beside the rest of the agent (docs/ARCHITECTURE.md,
   * "Memory bounds").
   */
  public static final ByteSize DEFAULT_MEMORY_BUDGET = ByteSize.ofMebibytes(256);

  public InputsConfig {
    forward = forward != null ? forward : ForwardInputConfig.defaults();
    http = http != null ? http : HttpInputConfig.defaults();
    memoryBudget = memoryBudget != null ? memoryBudget : DEFAULT_MEMORY_BUDGET;
  }

  @Override
  public void validate(String path, Problems problems) {
    forward.validate(ConfigPaths.child(path, "forward"), problems);
    http.validate(ConfigPaths.child(path, "http"), problems);
    if (forward.enabled() && http.enabled() && forward.port() != 0 && forward.port().equals(http.port())
        && forward.bind().equals(http.bind())) {
      problems.add(ConfigPaths.child(path, "http.port"), "the HTTP input cannot share port " + http.port() + " with the forward input");
    }
    String budget = ConfigPaths.child(path, "memory_budget");
    if (problems.check(memoryBudget.bytes() > 0, budget, "must be positive")) {
      // One frame or body must fit on its own; anything less could never be read whole.
      problems.check(!forward.enabled() || memoryBudget.bytes() >= forward.maxFrameSize().bytes(), budget,
          "must be at least inputs.forward.max_frame_size (" + forward.maxFrameSize() + "), got " + memoryBudget);
      problems.check(!http.enabled() || memoryBudget.bytes() >= http.bodyLimit().bytes(), budget,
          "must be at least inputs.http.body_limit (" + http.bodyLimit() + "), got " + memoryBudget);
    }
  }
}
