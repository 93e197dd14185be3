package io.sluice.config;

import io.sluice.config.admin.AdminConfig;
import io.sluice.config.agent.AgentConfig;
import io.sluice.config.buffer.BufferConfig;
import io.sluice.config.input.InputsConfig;
import io.sluice.config.loader.LoaderConfig;
import io.sluice.config.logging.LoggingConfig;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.tracker.TrackerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of one Sluice process, as read from its YAML file.
 *
 * @param agent identity and lifecycle of this process
 * @param inputs the forward and HTTP listeners
 * @param buffer the durable local queue every accepted record goes to first
 * @param outputs where records are shipped, each with its tag match pattern
 * @param tracker the DynamoDB batch tracker shared with the Lambda loader
 * @param loader the embedded loader's load configurations, one per S3 prefix
 * @param admin the metrics and health endpoint
 * @param logging levels, format and destination of this process's own log
 */
public record SluiceConfig(
    AgentConfig agent,
    InputsConfig inputs,
    BufferConfig buffer,
    List<OutputConfig> outputs,
    TrackerConfig tracker,
    LoaderConfig loader,
    AdminConfig admin,
    LoggingConfig logging) implements Validatable {

  public SluiceConfig {
    agent = agent != null ? agent : new AgentConfig(null, null);
    inputs = inputs != null ? inputs : new InputsConfig(null, null, null);
    buffer = buffer != null ? buffer : new BufferConfig(null, null, null, null, null);
    outputs = outputs != null ? List.copyOf(outputs) : List.of();
    tracker = tracker != null ? tracker : new TrackerConfig(null, null, null, null, null, null, null);
    loader = loader != null ? loader : LoaderConfig.NONE;
    admin = admin != null ? admin : new AdminConfig(null, null, null);
    logging = logging != null ? logging : LoggingConfig.DEFAULT;
  }

  /** A configuration with the default logging. */
  public SluiceConfig(AgentConfig agent, InputsConfig inputs, BufferConfig buffer, List<OutputConfig> outputs,
      TrackerConfig tracker, LoaderConfig loader, AdminConfig admin) {
    this(agent, inputs, buffer, outputs, tracker, loader, admin, null);
  }

  /** This configuration with {@code logging} instead of its own. */
  public SluiceConfig withLogging(LoggingConfig replacement) {
    return new SluiceConfig(agent, inputs, buffer, outputs, tracker, loader, admin, replacement);
  }

  @Override
  public void validate(String path, Problems problems) {
    agent.validate("agent", problems);
    inputs.validate("inputs", problems);
    buffer.validate("buffer", problems);
    // A file with loads and no outputs configures a standalone loader (`sluice loader run`).
    problems.check(!outputs.isEmpty() || !loader.loads().isEmpty(), "outputs",
        "at least one output is required (or, for a standalone loader, at least one loader.loads entry)");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < outputs.size(); i++) {
      String at = ConfigPaths.element("outputs", i);
      OutputConfig output = outputs.get(i);
      if (output == null) {
        problems.add(at, "an output must be a mapping");
        continue;
      }
      output.validate(at, problems);
      if (output.name() != null) {
        problems.check(names.add(output.name()), ConfigPaths.child(at, "name"),
            "output name \"" + output.name() + "\" is used twice; names identify each output's queue position");
      }
    }
    tracker.validate("tracker", problems);
    loader.validate("loader", problems);
    admin.validate("admin", problems);
    logging.validate("logging", problems);
    LoadCompressionCheck.check(this, problems);
    if (admin.enabled()) {
      if (inputs.forward().enabled()) {
        checkPortFree(problems, inputs.forward().bind(), inputs.forward().port(), "the forward input");
      }
      if (inputs.http().enabled()) {
        checkPortFree(problems, inputs.http().bind(), inputs.http().port(), "the HTTP input");
      }
    }
  }

  /**
   * Validates the named top-level sections, each on its own, without the checks across sections: what a command
   * that reads only those sections (see {@link ConfigScope}) needs.
   */
  public void validateSections(Set<String> sections, Problems problems) {
    if (sections.contains("agent")) {
      agent.validate("agent", problems);
    }
    if (sections.contains("inputs")) {
      inputs.validate("inputs", problems);
    }
    if (sections.contains("buffer")) {
      buffer.validate("buffer", problems);
    }
    if (sections.contains("outputs")) {
      for (int i = 0; i < outputs.size(); i++) {
        String at = ConfigPaths.element("outputs", i);
        if (outputs.get(i) == null) {
          problems.add(at, "an output must be a mapping");
        } else {
          outputs.get(i).validate(at, problems);
        }
      }
    }
    if (sections.contains("tracker")) {
      tracker.validate("tracker", problems);
    }
    if (sections.contains("loader")) {
      loader.validate("loader", problems);
    }
    if (sections.contains("admin")) {
      admin.validate("admin", problems);
    }
    if (sections.contains("logging")) {
      logging.validate("logging", problems);
    }
  }

  /** Two listeners on one port fail the second bind at run time; a wildcard address overlaps every other. */
  private void checkPortFree(Problems problems, String bind, Integer port, String listener) {
    if (port == null || port == 0 || !port.equals(admin.port()) || bind == null || admin.bind() == null) {
      return;
    }
    if (bind.equals(admin.bind()) || isWildcard(bind) || isWildcard(admin.bind())) {
      problems.add("admin.port", "the admin endpoint cannot share port " + port + " with " + listener);
    }
  }

  private static boolean isWildcard(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
  }
}
