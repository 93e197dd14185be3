package io.sluice.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every tracker admin command takes: where its settings come from, what to override, how to print. */
final class AdminOptions {

  /** Where {@code sluice run} is pointed at by the systemd unit, and so where an operator's settings are. */
  static final Path DEFAULT_CONFIG = Path.of("/etc/sluice/sluice.yaml");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The configuration file whose tracker (and loader) sections to use. Default: "
          + "/etc/sluice/sluice.yaml, or the Lambda loader's defaults when that file does not exist.")
  Path configFile;

  @Option(names = "--region", paramLabel = "REGION",
      description = "The tracker's DynamoDB region, overriding the file.")
  String region;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "The tracker's DynamoDB endpoint (e.g. DynamoDB Local), overriding the file.")
  URI endpoint;

  @Option(names = "--json", description = "Print one JSON document instead of text, for scripts.")
  boolean json;
}
