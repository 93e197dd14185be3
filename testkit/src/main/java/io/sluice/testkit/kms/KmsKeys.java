package io.sluice.testkit.kms;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/** The stand-in's keys and aliases, in memory; every method is safe to call from the server's threads. */
final class KmsKeys {

  /**
   * One symmetric key.
   *
   * @param id the key id (a UUID)
   * @param arn {@code arn:aws:kms:<region>:<account>:key/<id>}
   * @param description the description given at creation
   * @param creationDate when it was created
   * @param material the AES-256 key that seals and opens ciphertexts
   */
  record Key(String id, String arn, String description, Instant creationDate, SecretKey material) {}

  private static final Pattern ALIAS_NAME = Pattern.compile("alias/[A-Za-z0-9/_-]{1,250}");

  private final String arnPrefix;
  private final SecureRandom random;
  private final Map<String, Key> keysById = new LinkedHashMap<>();
  private final Map<String, String> keyIdsByAlias = new HashMap<>();

  KmsKeys(String region, String accountId, SecureRandom random) {
    this.arnPrefix = "arn:aws:kms:" + region + ":" + accountId + ":";
    this.random = random;
  }

  synchronized Key create(String description) {
    String id = UUID.randomUUID().toString();
    Key key = new Key(id, arnPrefix + "key/" + id, description == null ? "" : description, Instant.now(),
        newMaterial());
    keysById.put(id, key);
    return key;
  }

  synchronized void createAlias(String aliasName, String targetKeyId) {
    if (aliasName == null || !ALIAS_NAME.matcher(aliasName).matches() || aliasName.startsWith("alias/aws/")) {
      throw KmsFault.validation("1 validation error detected: Value '" + aliasName
          + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + "^alias/[a-zA-Z0-9/_-]+$ and must not begin with alias/aws/");
    }
    if (keyIdsByAlias.containsKey(aliasName)) {
      throw KmsFault.alreadyExists("An alias with the name " + arnPrefix + aliasName + " already exists");
    }
    if (targetKeyId == null || targetKeyId.startsWith("alias/") || targetKeyId.startsWith(arnPrefix + "alias/")) {
      throw KmsFault.validation("TargetKeyId must be a key id or key ARN, got " + targetKeyId);
    }
    keyIdsByAlias.put(aliasName, resolve(targetKeyId).id());
  }

  /** Finds a key by key id, key ARN, alias name or alias ARN, as every KMS operation taking a KeyId does. */
  synchronized Key resolve(String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      throw KmsFault.validation("KeyId is required");
    }
    String local = keyId.startsWith(arnPrefix) ? keyId.substring(arnPrefix.length()) : keyId;
    if (local.startsWith("alias/")) {
      String id = keyIdsByAlias.get(local);
      if (id == null) {
        throw KmsFault.notFound("Alias " + arnPrefix + local + " is not found.");
      }
      return keysById.get(id);
    }
    String id = local.startsWith("key/") ? local.substring("key/".length()) : local;
    Key key = keysById.get(id);
    if (key == null) {
      throw KmsFault.notFound("Key '" + arnPrefix + "key/" + id + "' does not exist");
    }
    return key;
  }

  /** The key a ciphertext names, or null when there is none (it was deleted by a reset, or never existed). */
  synchronized Key byId(String id) {
    return keysById.get(id);
  }

  synchronized void clear() {
    keysById.clear();
    keyIdsByAlias.clear();
  }

  private SecretKey newMaterial() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      return generator.generateKey();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has AES", e);
    }
  }
}
