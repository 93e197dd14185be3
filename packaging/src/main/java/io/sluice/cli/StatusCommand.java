package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ConfigScope;
import io.sluice.config.admin.AdminConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice status}: one screen of what the running agent (or standalone loader) is doing, read from its admin
 * endpoint's {@code /status}. Exit 0 while it is ready, 3 while it runs but is not ready, 1 when it cannot be reached.
 */
@Command(name = "status",
    description = "Show what the running agent or standalone loader is doing: readiness, the buffer, each output's "
        + "backlog, stuck files and quarantine, the loader's batches per prefix and each cluster's outage. Reads the "
        + "admin endpoint's /status.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ready", "1:cannot reach the admin endpoint", "2:usage or configuration error",
        "3:running but not ready"})
final class StatusCommand implements Callable<Integer> {

  /** Exit code of a process that answers but is not ready, so scripts can tell it from one that is down. */
  static final int NOT_READY = 3;

  private static final int TIMEOUT_MILLIS = 5_000;

  private final CommandEnvironment environment;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The configuration whose admin section says where the endpoint listens. Default: "
          + "/etc/sluice/sluice.yaml, or 127.0.0.1:24220 when that file does not exist.")
  Path configFile;

  @Option(names = "--url", paramLabel = "URL",
      description = "The admin endpoint, such as http://127.0.0.1:24220, instead of reading it from the file.")
  URI url;

  @Option(names = "--json", description = "Print the endpoint's JSON document as it is, for scripts.")
  boolean json;

  @Spec
  CommandSpec spec;

  StatusCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    URI endpoint = (url != null ? url : adminUrl()).resolve("/status");
    JsonNode document = fetch(endpoint);
    CommandOutput out = new CommandOutput(spec.commandLine().getOut(), json);
    if (json) {
      out.json(document);
    } else {
      new StatusScreen(document).print(out.text());
      out.text().flush();
    }
    return document.path("ready").asBoolean(false) ? ExitCode.OK : NOT_READY;
  }

  private URI adminUrl() throws Exception {
    Path file = configFile;
    if (file == null && Files.isRegularFile(AdminOptions.DEFAULT_CONFIG)) {
      file = AdminOptions.DEFAULT_CONFIG;
    }
    AdminConfig admin = file == null ? new AdminConfig(null, null, null)
        : environment.configLoader().read(file, ConfigScope.sections("admin")).admin();
    if (!admin.enabled()) {
      throw new IllegalStateException("The admin endpoint is disabled in " + file + " (admin.enabled: false); "
          + "enable it to use sluice status");
    }
    String host = admin.bind().equals("0.0.0.0") || admin.bind().equals("::") ? "127.0.0.1" : admin.bind();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + admin.port());
  }

  private static JsonNode fetch(URI endpoint) throws IOException {
    HttpURLConnection connection;
    int code;
    try {
      connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      code = connection.getResponseCode();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach the admin endpoint at " + endpoint + " (" + e + "): is sluice "
          + "running, and are -c or --url right?", e);
    }
    if (code != HttpURLConnection.HTTP_OK) {
      throw new IllegalStateException("The admin endpoint at " + endpoint + " answered HTTP " + code
          + "; is it a Sluice of this version?");
    }
    try (InputStream body = connection.getInputStream()) {
      // Made here, not in a static field: every command's object is built at start-up, and a mapper costs time.
      return new ObjectMapper().readTree(body);
    }
  }
}
