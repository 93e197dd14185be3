package io.sluice.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code fwdgen.py --ack}, the generator of issue 14's table, against the agent's forward port. */
final class Fwdgen {

  /**
   * What fwdgen reported.
   *
   * @param startNanos when it printed its start line, just before its first connection (first byte sent)
   * @param wireBytes bytes it sent
   * @param jsonBytes the records' size as compact JSON
   * @param resentBatches messages it sent again after a lost connection (0 in a clean run)
   * @param lastAckNanos when it exited, every message acknowledged (every record in the durable buffer)
   */
  record Result(long startNanos, long wireBytes, long jsonBytes, long resentBatches, long lastAckNanos) {}

  private Fwdgen() {}

  /** Sends {@code options.records()} records with ack and returns once every message is acknowledged. */
  static Result send(EndToEndOptions options, int port) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(options.python().toString(), options.fwdgen().toString(), "--ack",
        "--window", Integer.toString(options.window()), "--conns", "1", "--batch", Integer.toString(options.batch()),
        "--records", Long.toString(options.records()), "--port", Integer.toString(port))
        .redirectErrorStream(true).start();
    long start = -1;
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (start < 0 && line.contains("\"event\": \"start\"")) {
          start = System.nanoTime();
        }
        lines.add(line);
      }
    }
    int status = process.waitFor();
    long lastAck = System.nanoTime();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (status != 0 || start < 0 || !last.contains("\"errors\": []")) {
      throw new IllegalStateException("fwdgen failed (exit " + status + "): " + String.join("\n", lines));
    }
    return new Result(start, field(last, "wire_bytes"), field(last, "json_bytes"), field(last, "resent_batches"),
        lastAck);
  }

  static long field(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + name + " in fwdgen's summary: " + json);
    }
    return Long.parseLong(matcher.group(1));
  }
}
