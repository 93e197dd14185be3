package io.sluice.cli;

import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.s3.LocalS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A configuration file whose tracker is DynamoDB Local and whose {@code loader.s3} is the local S3 server, and the
 * environment its secrets come from: what an operator's {@code /etc/sluice/sluice.yaml} is to the admin commands.
 *
 * @param file the written file
 * @param variables the environment the commands run with
 */
record AdminConfigFile(Path file, Map<String, String> variables) {

  AdminConfigFile {
    variables = Map.copyOf(variables);
  }

  /**
   * Writes the file into {@code dir}, with {@code loaderYaml} (may be empty) added to its loader section, and
   * {@code secrets} added to the environment for its {@code ${VAR}} references.
   */
  static AdminConfigFile write(Path dir, LocalDynamoDb ddb, LocalS3 s3, String loaderYaml, Map<String, String> secrets)
      throws IOException {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), """
        buffer:
          directory: %s
        outputs:
          - name: archive
            type: local
            directory: %s
        tracker:
          mode: embedded
          endpoint: %s
          credentials:
            access_key_id: %s
            secret_access_key: ${TEST_DYNAMODB_SECRET}
        loader:
          s3:
            endpoint: %s
            path_style: true
            credentials:
              access_key_id: %s
              secret_access_key: ${TEST_S3_SECRET}
        %s""".formatted(dir.resolve("buffer"), dir.resolve("archive"), ddb.endpoint(),
        ddb.credentials().accessKeyId(), s3.endpoint(), s3.accessKeyId(), loaderYaml.indent(2)));
    Map<String, String> variables = new HashMap<>(secrets);
    variables.put("TEST_DYNAMODB_SECRET", ddb.credentials().secretAccessKey());
    variables.put("TEST_S3_SECRET", s3.secretAccessKey());
    return new AdminConfigFile(file, variables);
  }

  static AdminConfigFile write(Path dir, LocalDynamoDb ddb, LocalS3 s3, String loaderYaml) throws IOException {
    return write(dir, ddb, s3, loaderYaml, Map.of());
  }

  static AdminConfigFile write(Path dir, LocalDynamoDb ddb, LocalS3 s3) throws IOException {
    return write(dir, ddb, s3, "");
  }

  /** Runs {@code sluice args... -c FILE} with this file's environment. */
  CliRun run(String... args) {
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "-c";
    withConfig[args.length + 1] = file.toString();
    return CliRun.of(variables, agent -> {
      throw new AssertionError("an admin command should not start an agent");
    }, withConfig);
  }
}
