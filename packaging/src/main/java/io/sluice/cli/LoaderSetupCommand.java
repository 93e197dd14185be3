package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.ConfigScope;
import io.sluice.config.SluiceConfig;
import io.sluice.config.loader.LoadConfig;
import io.sluice.loader.secrets.KmsSecretCipher;
import io.sluice.loader.tracker.ConfigItem;
import io.sluice.loader.tracker.ConfigTable;
import io.sluice.loader.tracker.TrackerTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@code sluice loader setup}: the tracker's tables and one config item per {@code loader.loads} entry. */
@Command(name = "setup",
    description = "Create the tracker's tables where missing, then write each loader.loads entry as its config item "
        + "with the Lambda loader's attributes and types, keeping the open batch (currentBatch) of an existing item. "
        + "With --kms-key, passwords and keys are encrypted with KMS (alias/LambdaRedshiftLoaderKey, created if "
        + "missing) so that a Lambda deployment can use the items; without it, no secret is written and the "
        + "ciphertexts an item already holds are kept. Prints what it wrote, secrets masked.")
final class LoaderSetupCommand extends AdminCommand {

  /** Attributes that hold KMS ciphertext; printed masked, though ciphertext is not the secret itself. */
  private static final List<String> SECRET_ATTRIBUTES = List.of("connectPassword", "secretKeyForS3",
      "masterSymmetricKey");
  private static final String MASK = "<KMS ciphertext>";

  @Option(names = "--kms-key",
      description = "Encrypt secrets with KMS (loader.kms), in the encryption context of loader.kms_region, else "
          + "loader.kms.region, else tracker.region, else us-east-1.")
  boolean kmsKey;

  LoaderSetupCommand(CommandEnvironment environment) {
    super(environment);
  }

  /** With --kms-key, the passwords are encrypted into the items, so they and the KMS settings must be there. */
  @Override
  ConfigScope configScope() {
    return kmsKey ? ConfigScope.sections("tracker", "loader").withoutSecretsUnder("loader.sns")
        : AdminSettings.TRACKER_TABLES;
  }

  @Override
  int run(TrackerSession session, CommandOutput out) {
    SluiceConfig config = session.settings().config();
    new TrackerTables(session.dynamo(), session.tables(), session.tracker().billingMode()).createIfMissing();
    ConfigTable configs = session.configs();
    String contextRegion = session.clients().kmsContextRegion();
    ArrayNode written = CommandOutput.array();
    if (!out.json()) {
      out.println("Tables ready: " + session.tables().config() + ", " + session.tables().batches() + ", "
          + session.tables().files() + " (missing ones created, billing "
          + session.tracker().billingMode().name().toLowerCase(Locale.ROOT) + ")");
      if (config.loader().loads().isEmpty()) {
        out.println("No loader.loads in " + session.settings().source() + ": no config item written.");
      }
    }
    try (KmsClient kms = kmsKey ? session.clients().kms() : null) {
      KmsSecretCipher cipher = kms == null ? null : new KmsSecretCipher(kms, contextRegion, true);
      for (LoadConfig load : config.loader().loads()) {
        Optional<ConfigItem> before = configs.read(load.s3Prefix());
        ConfigItem item = configs.upsert(load, cipher);
        boolean kept = before.isPresent() && item.currentBatch().equals(before.get().currentBatch());
        written.add(CommandOutput.object()
            .put("s3Prefix", item.s3Prefix())
            .put("created", before.isEmpty())
            .put("currentBatchKept", kept)
            .set("item", ItemJson.item(masked(item.item()))));
        if (!out.json()) {
          out.println("");
          out.println("Config " + item.s3Prefix() + ": " + (before.isEmpty() ? "created" : "updated")
              + ", currentBatch " + item.currentBatch() + (kept ? " kept" : " new"));
          attributes(item.item()).printRows(out.text(), "  ");
        }
      }
    }
    if (out.json()) {
      ObjectNode document = CommandOutput.object().put("kmsContextRegion", kmsKey ? contextRegion : null);
      document.set("configs", written);
      out.json(document);
    } else if (!config.loader().loads().isEmpty()) {
      out.println("");
      out.println(kmsKey
          ? "Secrets were encrypted with " + KmsSecretCipher.KEY_ALIAS + ", encryption context region "
              + contextRegion + "."
          : "No secret was written (no --kms-key); ciphertexts the items already held were kept. A Lambda needs "
              + "connectPassword to connect; sluice loader run uses the YAML passwords.");
    }
    return ExitCode.OK;
  }

  /** The item's attributes one per row, {@code loadClusters} flattened to {@code loadClusters[0].clusterPort}. */
  private static TextTable attributes(Map<String, AttributeValue> item) {
    TextTable table = new TextTable("attribute", "value");
    new TreeMap<>(masked(item)).forEach((name, value) -> {
      if (name.equals("loadClusters") && value.hasL()) {
        for (int i = 0; i < value.l().size(); i++) {
          String prefix = "loadClusters[" + i + "].";
          new TreeMap<>(value.l().get(i).m()).forEach((field, v) -> table.row(prefix + field, text(v)));
        }
      } else {
        table.row(name, text(value));
      }
    });
    return table;
  }

  private static String text(AttributeValue value) {
    if (value.s() != null) {
      return value.s();
    }
    if (value.n() != null) {
      return value.n();
    }
    if (value.bool() != null) {
      return value.bool().toString();
    }
    return ItemJson.value(value).toString();
  }

  /** The item with every secret attribute's ciphertext replaced by a mark. */
  private static Map<String, AttributeValue> masked(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
    copy.replaceAll((name, value) -> {
      if (SECRET_ATTRIBUTES.contains(name)) {
        return AttributeValue.fromS(MASK);
      }
      if (name.equals("loadClusters") && value.hasL()) {
        return AttributeValue.fromL(value.l().stream().map(cluster -> cluster.hasM()
            ? AttributeValue.fromM(masked(cluster.m())) : cluster).toList());
      }
      return value;
    });
    return copy;
  }
}
