package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.tracker.TrackerConfig.TrackerMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading only the sections a command uses, as the tracker admin commands do. */
class ConfigScopeTest {

  /** An agent's file whose secrets live in sluice.env, none of them exported here. */
  private static final String AGENT_FILE = """
      inputs:
        http:
          bearer_token: ${HTTP_TOKEN}
      outputs:
        - name: app
          bucket: logs
          credentials: {access_key_id: AKIA, secret_access_key: "${S3_SECRET}"}
      tracker:
        mode: embedded
        region: ${TRACKER_REGION:-eu-west-1}
      loader:
        stale_lock_after: 10m
        loads:
          - s3_prefix: logs/app
            manifest: {bucket: manifests}
            copy_credentials: {iam_role: "arn:aws:iam::123456789012:role/copy"}
            clusters:
              - endpoint: db.example.com
                user: loader
                password: ${REDSHIFT_PASSWORD}
                target_table: public.app
      """;

  private static final ConfigScope TRACKER_COMMAND =
      ConfigScope.sections("tracker", "loader").withoutSecretsUnder("loader.loads");

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private SluiceConfig parse(String yaml, ConfigScope scope) throws ConfigException {
    return loader.parse("test.yaml", yaml, Path.of("."), scope);
  }

  private String problemsOf(String yaml, ConfigScope scope) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml, scope)).getMessage();
  }

  @Test
  void theWholeFileNeedsEverySecret() {
    assertThat(problemsOf(AGENT_FILE, ConfigScope.WHOLE))
        .contains("HTTP_TOKEN is not set", "S3_SECRET is not set", "REDSHIFT_PASSWORD is not set");
  }

  @Test
  void aTrackerCommandReadsTrackerAndLoaderWithoutTheOtherSectionsSecrets() throws ConfigException {
    SluiceConfig config = parse(AGENT_FILE, TRACKER_COMMAND);

    assertThat(config.tracker().mode()).isEqualTo(TrackerMode.EMBEDDED);
    assertThat(config.tracker().region()).isEqualTo("eu-west-1");
    assertThat(config.loader().staleLockAfter()).hasMinutes(10);
    assertThat(config.outputs()).as("not read").isEmpty();
    assertThat(config.inputs().http().bearerToken()).as("not read").isNull();
  }

  @Test
  void anUnsetSecretTheCommandDoesNotNeedIsLeftOut() throws ConfigException {
    SluiceConfig config = parse(AGENT_FILE, TRACKER_COMMAND);

    assertThat(config.loader().loads().get(0).clusters().get(0).password()).isNull();
  }

  @Test
  void anUnsetSecretTheCommandNeedsIsStillAProblem() {
    assertThat(problemsOf(AGENT_FILE, ConfigScope.sections("tracker", "loader")))
        .startsWith("test.yaml:20:21: loader.loads[0].clusters[0].password: environment variable REDSHIFT_PASSWORD"
            + " is not set");
  }

  @Test
  void anUnsetVariableThatIsNotASecretIsStillAProblemWhereSecretsAreNotNeeded() {
    String file = AGENT_FILE.replace("s3_prefix: logs/app", "s3_prefix: ${BUCKET}/app");

    assertThat(problemsOf(file, TRACKER_COMMAND))
        .startsWith("test.yaml:14:18: loader.loads[0].s3_prefix: environment variable BUCKET is not set");
  }

  @Test
  void aSectionOutsideTheScopeIsNeitherBoundNorChecked() throws ConfigException {
    SluiceConfig config = parse("outputs: not-a-list\nadmin: {port: 99999}\ntracker: {mode: lambda}\n",
        TRACKER_COMMAND);

    assertThat(config.tracker().mode()).isEqualTo(TrackerMode.LAMBDA);
  }

  @Test
  void aProblemInASectionTheCommandReadsIsReported() {
    assertThat(problemsOf("tracker: {mode: sometimes}\n", TRACKER_COMMAND))
        .startsWith("test.yaml:1:17: tracker.mode: expected one of");
  }
}
