package io.sluice.agent.output;

import io.sluice.config.output.KeyTemplate;
import io.sluice.config.output.OutputConfig;
import java.time.Instant;
import java.time.ZoneId;

/** Renders a destination's object keys from its key template: nothing random, nothing from the upload's clock. */
public final class ObjectKeys {

  private final KeyTemplate template;
  private final String prefix;
  private final String hostname;
  private final String destination;
  private final ZoneId zone;

  /** The keys of {@code output} on the agent {@code agentId}. */
  public ObjectKeys(OutputConfig output, String agentId) {
    this.template = KeyTemplate.parse(output.keyTemplate())
        .withFileExtension(output.format().compression().fileExtension());
    this.prefix = output.prefix();
    this.hostname = agentId;
    this.destination = output.name();
    this.zone = output.slice().zoneId();
  }

  /**
   * The key of the file {@code sequence} of {@code tag} whose time slice holds {@code sliceNanos}; the time fields
   * are rendered in the output's slice zone.
   */
  public String keyFor(String tag, long sequence, long sliceNanos) {
    Instant sliceTime = Instant.ofEpochSecond(0, sliceNanos);
    return template.render(new KeyTemplate.Fields(prefix, tag, hostname, destination, sequence,
        sliceTime.atZone(zone)));
  }
}
