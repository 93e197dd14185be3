package io.sluice.loader.load;

import io.sluice.config.Secret;
import io.sluice.config.loader.ClusterConfig;
import io.sluice.loader.secrets.SecretCipher;
import io.sluice.loader.tracker.ConfigItem;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finds a cluster's password: the YAML's when it gives one, else the config item's KMS-encrypted
 * {@code connectPassword} for the same {@code clusterEndpoint}, as the Lambda's setup writes it.
 */
final class LoadSecrets {

  private final SecretCipher cipher;

  /** @param cipher decrypts config-item secrets; null when no KMS is configured */
  LoadSecrets(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * The password to connect to {@code cluster} with; fails with a message fit for {@code clusterLoadStatus}.
   *
   * @param item the config item of {@code s3Prefix}; null when it was not read or does not exist
   */
  Secret password(ClusterConfig cluster, String s3Prefix, ConfigItem item) {
    if (cluster.password() != null) {
      return cluster.password();
    }
    if (item == null) {
      throw new IllegalStateException("config item " + s3Prefix + " is missing");
    }
    String endpoint = cluster.endpointName();
    String ciphertext = encryptedPassword(item, endpoint);
    if (ciphertext == null) {
      throw new IllegalStateException("cluster " + endpoint + " has no password in the YAML and no connectPassword"
          + " in config item " + item.s3Prefix());
    }
    if (cipher == null) {
      throw new IllegalStateException("cluster " + endpoint + " takes its password from config item "
          + item.s3Prefix() + ", which is KMS-encrypted, but loader.kms is not usable");
    }
    return Secret.of(cipher.decrypt(ciphertext));
  }

  private static String encryptedPassword(ConfigItem item, String endpoint) {
    AttributeValue clusters = item.item().get("loadClusters");
    if (clusters == null || !clusters.hasL()) {
      return null;
    }
    for (AttributeValue element : clusters.l()) {
      Map<String, AttributeValue> cluster = element.m();
      AttributeValue name = cluster.get("clusterEndpoint");
      AttributeValue password = cluster.get("connectPassword");
      if (name != null && endpoint.equals(name.s()) && password != null) {
        return password.s();
      }
    }
    return null;
  }
}
