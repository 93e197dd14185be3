package io.sluice.loader.tracker;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.config.loader.CopyCredentials;
import io.sluice.config.loader.LoadConfig;
import io.sluice.config.loader.ManifestConfig;
import io.sluice.config.loader.Notifications;
import io.sluice.loader.secrets.SecretCipher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a YAML load configuration to the config item attributes the Lambda's setup writes, with the types of
 * contract 1.2. Secrets are only ever written as ciphertext.
 */
final class ConfigItemMapping {

  /** Every attribute the mapping owns besides {@code loadClusters} and {@code version}: absent ones are removed. */
  static final Set<String> OPTIONAL_ATTRIBUTES = Set.of("filenameFilterRegex", "dataFormat", "csvDelimiter",
      "ignoreCsvHeader", "jsonPath", "manifestBucket", "manifestKey", "failedManifestKey", "accessKeyForS3",
      "secretKeyForS3", "masterSymmetricKey", "successTopicARN", "failureTopicARN", "batchSize", "batchSizeBytes",
      "batchTimeoutSecs", "copyOptions", "compression", "iamRole");

  private static final Logger log = LoggerFactory.getLogger(ConfigItemMapping.class);
  private static final Pattern JDBC_DATABASE = Pattern.compile("^jdbc:redshift:(?:iam:)?//[^/?;]+/([^/?;]+)");

  private final SecretCipher cipher;
  private final Map<String, AttributeValue> existing;

  /**
   * @param cipher encrypts secrets; null to write none and keep the existing item's ciphertexts instead
   * @param existing the item as it is now, or an empty map
   */
  ConfigItemMapping(SecretCipher cipher, Map<String, AttributeValue> existing) {
    this.cipher = cipher;
    this.existing = existing;
  }

  /** The attributes {@code load} sets, except the key, {@code currentBatch} and {@code version}. */
  Map<String, AttributeValue> attributes(LoadConfig load) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    List<AttributeValue> clusters = new ArrayList<>();
    for (ClusterConfig cluster : load.clusters()) {
      clusters.add(AttributeValue.fromM(cluster(cluster)));
    }
    item.put("loadClusters", AttributeValue.fromL(clusters));
    putString(item, "filenameFilterRegex", load.filenameFilter());
    putString(item, "dataFormat", load.dataFormat().name());
    putString(item, "csvDelimiter", load.csvDelimiter());
    item.put("ignoreCsvHeader", AttributeValue.fromBool(load.ignoreCsvHeader()));
    putString(item, "jsonPath", load.jsonPaths());
    ManifestConfig manifest = load.manifest();
    if (manifest != null) {
      putString(item, "manifestBucket", manifest.bucket());
      putString(item, "manifestKey", manifest.prefix());
      putString(item, "failedManifestKey", manifest.failedPrefix());
    }
    CopyCredentials credentials = load.copyCredentials();
    if (credentials != null) {
      putString(item, "iamRole", credentials.iamRole());
      putString(item, "accessKeyForS3", credentials.accessKeyId());
      putSecret(item, "secretKeyForS3", credentials.secretAccessKey(), existingString(existing, "secretKeyForS3"));
      putSecret(item, "masterSymmetricKey", credentials.masterSymmetricKey(),
          existingString(existing, "masterSymmetricKey"));
    }
    Notifications notifications = load.notifications();
    if (notifications != null) {
      putString(item, "successTopicARN", notifications.successTopicArn());
      putString(item, "failureTopicARN", notifications.failureTopicArn());
    }
    item.put("batchSize", AttributeValue.fromN(Integer.toString(load.batch().size())));
    if (load.batch().bytes() != null) {
      item.put("batchSizeBytes", AttributeValue.fromN(Long.toString(load.batch().bytes().bytes())));
    }
    item.put("batchTimeoutSecs", AttributeValue.fromN(Long.toString(load.batch().timeout().toSeconds())));
    putString(item, "copyOptions", load.copyOptions());
    putString(item, "compression", load.compression());
    return item;
  }

  private Map<String, AttributeValue> cluster(ClusterConfig cluster) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    String endpoint = cluster.endpointName();
    putString(m, "clusterEndpoint", endpoint);
    m.put("clusterPort", AttributeValue.fromN(Integer.toString(cluster.effectivePort())));
    putString(m, "clusterDB", cluster.database() != null ? cluster.database() : jdbcDatabase(cluster.jdbcUrl()));
    m.put("useSSL", AttributeValue.fromBool(cluster.ssl()));
    putString(m, "connectUser", cluster.user());
    putSecret(m, "connectPassword", cluster.password(), existingPassword(endpoint));
    if (cluster.password() == null && !m.containsKey("connectPassword")) {
      log.warn("Cluster {} gets no connectPassword: neither the YAML nor the existing item has one, so the Lambda "
          + "cannot connect to it", endpoint);
    }
    putString(m, "targetTable", cluster.targetTable());
    putString(m, "columnList", cluster.columnList());
    m.put("truncateTarget", AttributeValue.fromBool(cluster.truncate()));
    putString(m, "presql", cluster.preSql());
    putString(m, "postsql", cluster.postSql());
    return m;
  }

  /**
   * The ciphertext of {@code secret}; without a cipher (or without a secret in YAML), the ciphertext the item
   * already holds, so that a re-run without KMS access never drops or exposes it.
   */
  private void putSecret(Map<String, AttributeValue> target, String name, Secret secret, String existingCiphertext) {
    if (secret != null && cipher != null) {
      target.put(name, AttributeValue.fromS(cipher.encrypt(secret.reveal())));
    } else if ((secret != null || name.equals("connectPassword")) && existingCiphertext != null) {
      target.put(name, AttributeValue.fromS(existingCiphertext));
    } else if (secret != null) {
      // Sluice's own loader takes it from the YAML; only a Lambda sharing the item needs the ciphertext.
      log.info("{} is not written to the config item without KMS; `sluice loader setup --kms-key` writes it"
          + " encrypted for a Lambda loader sharing the item", name);
    }
  }

  /** The connectPassword the existing item holds for the cluster with {@code endpoint}, or null. */
  private String existingPassword(String endpoint) {
    AttributeValue clusters = existing.get("loadClusters");
    if (clusters == null || !clusters.hasL()) {
      return null;
    }
    for (AttributeValue cluster : clusters.l()) {
      if (cluster.hasM() && endpoint.equals(existingString(cluster.m(), "clusterEndpoint"))) {
        return existingString(cluster.m(), "connectPassword");
      }
    }
    return null;
  }

  private static String existingString(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /** The database in a {@code jdbc:redshift://host:port/db} URL, which the Lambda needs as {@code clusterDB}. */
  private static String jdbcDatabase(String jdbcUrl) {
    if (jdbcUrl == null) {
      return null;
    }
    Matcher m = JDBC_DATABASE.matcher(jdbcUrl);
    return m.find() ? m.group(1) : null;
  }

  /** DynamoDB rejects empty strings in some places and the Lambda reads "" as set: only real values are written. */
  private static void putString(Map<String, AttributeValue> target, String name, String value) {
    if (value != null && !value.isEmpty()) {
      target.put(name, AttributeValue.fromS(value));
    }
  }
}
