package io.sluice.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.agent.output.StoreFactory;
import io.sluice.agent.output.UploadHook;
import io.sluice.agent.output.quarantine.Quarantine;
import io.sluice.agent.output.store.ObjectStore;
import io.sluice.agent.tracker.TrackerUploadHook;
import io.sluice.config.ConfigScope;
import io.sluice.config.output.OutputConfig;
import io.sluice.config.output.OutputConfig.OutputType;
import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A {@code sluice quarantine} command: reads the outputs from the config file, opens the chosen outputs' stores and
 * quarantines, runs, and closes them. Retries register files through the tracker as the agent does when the config
 * says {@code tracker.mode: embedded}.
 */
abstract class QuarantineAction implements Callable<Integer> {

  /** The agent's id and outputs, whose stores hold the quarantines, and the tracker a retry registers files in. */
  private static final ConfigScope OUTPUTS = ConfigScope.sections("agent", "outputs", "tracker");

  private final CommandEnvironment environment;

  @Mixin
  AdminOptions options;

  @Option(names = "--output", paramLabel = "NAME",
      description = "The output whose quarantine to use; required when the file configures more than one.")
  String output;

  @Option(names = "--agent", paramLabel = "ID",
      description = "The agent id whose quarantine to use (default: agent.id of the file, as the agent used it).")
  String agentId;

  @Spec
  CommandSpec spec;

  QuarantineAction(CommandEnvironment environment) {
    this.environment = environment;
  }

  /** One output's quarantine, open for the command's run. */
  record OutputQuarantine(OutputConfig output, Quarantine quarantine) {}

  @Override
  public final Integer call() throws Exception {
    AdminSettings settings = AdminSettings.load(options, environment, OUTPUTS);
    List<OutputConfig> chosen = chosenOutputs(settings);
    String agent = agentId != null ? agentId : settings.config().agent().id();
    CommandOutput out = new CommandOutput(spec.commandLine().getOut(), options.json);
    Path work = Files.createTempDirectory("sluice-quarantine-");
    try (TrackerHook hook = TrackerHook.of(settings, needsTracker())) {
      List<ObjectStore> stores = chosen.stream().map(StoreFactory.FROM_CONFIG::create).toList();
      try {
        List<OutputQuarantine> quarantines = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
          quarantines.add(new OutputQuarantine(chosen.get(i),
              Quarantine.of(chosen.get(i), agent, stores.get(i), hook.hook(), work)));
        }
        return run(quarantines, out);
      } finally {
        stores.forEach(ObjectStore::close);
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Whether the command re-uploads files and so must register them in the tracker like the agent. */
  boolean needsTracker() {
    return false;
  }

  /** Runs the command on the chosen outputs' quarantines and returns its exit code. */
  abstract int run(List<OutputQuarantine> quarantines, CommandOutput out) throws Exception;

  /** The one output the command acts on; a usage error when {@code --output} was needed and not given. */
  OutputQuarantine single(List<OutputQuarantine> quarantines) {
    if (quarantines.size() != 1) {
      throw usageError("the file configures " + quarantines.size() + " outputs; name one with --output");
    }
    return quarantines.get(0);
  }

  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private List<OutputConfig> chosenOutputs(AdminSettings settings) {
    List<OutputConfig> outputs = settings.config().outputs();
    if (outputs.isEmpty()) {
      throw usageError(settings.source() + " configures no outputs; give the agent's config file with -c");
    }
    if (output == null) {
      return outputs;
    }
    return outputs.stream().filter(candidate -> candidate.name().equals(output)).findFirst().map(List::of)
        .orElseThrow(() -> usageError("no output named " + output + " in " + settings.source() + " (outputs: "
            + outputs.stream().map(OutputConfig::name).toList() + ")"));
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The upload hook retries go through: the tracker's registration for S3 outputs in embedded mode, else none. */
  private record TrackerHook(TrackerSession session, UploadHook hook) implements AutoCloseable {

    static TrackerHook of(AdminSettings settings, boolean wanted) {
      if (!wanted || settings.tracker().mode() != TrackerMode.EMBEDDED) {
        return new TrackerHook(null, UploadHook.NONE);
      }
      Set<String> s3Outputs = Set.copyOf(settings.config().outputs().stream()
          .filter(candidate -> candidate.type() == OutputType.S3).map(OutputConfig::name).toList());
      TrackerSession session = TrackerSession.open(settings);
      return new TrackerHook(session, new TrackerUploadHook(session.registrar(), () -> true, s3Outputs,
          new PrometheusRegistry()));
    }

    @Override
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }
}
