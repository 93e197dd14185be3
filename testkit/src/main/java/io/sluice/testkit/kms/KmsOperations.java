package io.sluice.testkit.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KMS operations the stand-in answers, request and response in the JSON shapes of the KMS API (blobs as base64,
 * timestamps as epoch seconds), which the SDK's KmsClient writes and parses.
 */
final class KmsOperations {

  private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
  private static final int MAX_PLAINTEXT_BYTES = 4096;

  private final KmsKeys keys;
  private final ObjectMapper json;
  private final SecureRandom random;
  private final String accountId;

  KmsOperations(KmsKeys keys, ObjectMapper json, SecureRandom random, String accountId) {
    this.keys = keys;
    this.json = json;
    this.random = random;
    this.accountId = accountId;
  }

  /** Runs one operation; fails with a {@link KmsFault} where KMS answers with an error. */
  ObjectNode call(String operation, JsonNode request) {
    return switch (operation) {
      case "CreateKey" -> createKey(request);
      case "CreateAlias" -> createAlias(request);
      case "DescribeKey" -> describeKey(request);
      case "Encrypt" -> encrypt(request);
      case "Decrypt" -> decrypt(request);
      default -> throw new KmsFault(400, "UnknownOperationException",
          "Operation " + operation + " is not supported by the local KMS stand-in (sluice testkit)");
    };
  }

  private ObjectNode createKey(JsonNode request) {
    requireDefault(request, "KeyUsage", "ENCRYPT_DECRYPT");
    requireDefault(request, "KeySpec", SYMMETRIC_DEFAULT);
    requireDefault(request, "CustomerMasterKeySpec", SYMMETRIC_DEFAULT);
    KmsKeys.Key key = keys.create(text(request, "Description"));
    ObjectNode response = json.createObjectNode();
    response.set("KeyMetadata", metadata(key));
    return response;
  }

  private ObjectNode createAlias(JsonNode request) {
    keys.createAlias(text(request, "AliasName"), text(request, "TargetKeyId"));
    return json.createObjectNode();
  }

  private ObjectNode describeKey(JsonNode request) {
    ObjectNode response = json.createObjectNode();
    response.set("KeyMetadata", metadata(keys.resolve(text(request, "KeyId"))));
    return response;
  }

  private ObjectNode encrypt(JsonNode request) {
    KmsKeys.Key key = keys.resolve(text(request, "KeyId"));
    requireDefault(request, "EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    byte[] plaintext = blob(request, "Plaintext");
    if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw KmsFault.validation("Plaintext must be 1 to " + MAX_PLAINTEXT_BYTES + " bytes, got " + plaintext.length);
    }
    byte[] ciphertext = KmsCiphertext.seal(key, plaintext, context(request), random);
    ObjectNode response = json.createObjectNode();
    response.put("CiphertextBlob", Base64.getEncoder().encodeToString(ciphertext));
    response.put("KeyId", key.arn());
    response.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    return response;
  }

  private ObjectNode decrypt(JsonNode request) {
    requireDefault(request, "EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    byte[] ciphertext = blob(request, "CiphertextBlob");
    KmsKeys.Key key = keys.byId(KmsCiphertext.keyId(ciphertext));
    if (key == null) {
      throw KmsFault.invalidCiphertext();
    }
    String requested = text(request, "KeyId");
    if (requested != null && !keys.resolve(requested).id().equals(key.id())) {
      throw new KmsFault(400, "IncorrectKeyException",
          "The key ID in the request does not identify a CMK that can perform this operation.");
    }
    byte[] plaintext = KmsCiphertext.open(key, ciphertext, context(request));
    ObjectNode response = json.createObjectNode();
    response.put("KeyId", key.arn());
    response.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
    response.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    return response;
  }

  private ObjectNode metadata(KmsKeys.Key key) {
    ObjectNode metadata = json.createObjectNode();
    metadata.put("AWSAccountId", accountId);
    metadata.put("KeyId", key.id());
    metadata.put("Arn", key.arn());
    metadata.put("CreationDate", BigDecimal.valueOf(key.creationDate().toEpochMilli(), 3));
    metadata.put("Enabled", true);
    metadata.put("Description", key.description());
    metadata.put("KeyUsage", "ENCRYPT_DECRYPT");
    metadata.put("KeyState", "Enabled");
    metadata.put("Origin", "AWS_KMS");
    metadata.put("KeyManager", "CUSTOMER");
    metadata.put("CustomerMasterKeySpec", SYMMETRIC_DEFAULT);
    metadata.put("KeySpec", SYMMETRIC_DEFAULT);
    metadata.putArray("EncryptionAlgorithms").add(SYMMETRIC_DEFAULT);
    metadata.put("MultiRegion", false);
    return metadata;
  }

  private static String text(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new KmsFault(400, "SerializationException", field + " must be a string");
    }
    return value.asText();
  }

  private static byte[] blob(JsonNode request, String field) {
    String base64 = text(request, field);
    if (base64 == null) {
      throw KmsFault.validation("1 validation error detected: Value null at '" + field
          + "' failed to satisfy constraint: Member must not be null");
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new KmsFault(400, "SerializationException", field + " is not base64");
    }
  }

  private static Map<String, String> context(JsonNode request) {
    Map<String, String> context = new LinkedHashMap<>();
    JsonNode node = request.get("EncryptionContext");
    if (node == null || node.isNull()) {
      return context;
    }
    if (!node.isObject()) {
      throw new KmsFault(400, "SerializationException", "EncryptionContext must be a map of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new KmsFault(400, "SerializationException", "EncryptionContext values must be strings");
      }
      context.put(entry.getKey(), entry.getValue().asText());
    }
    return context;
  }

  /** The stand-in has symmetric encryption keys only; asking for anything else fails rather than being ignored. */
  private static void requireDefault(JsonNode request, String field, String supported) {
    String value = text(request, field);
    if (value != null && !value.equals(supported)) {
      throw new KmsFault(400, "UnsupportedOperationException",
          field + " " + value + " is not supported by the local KMS stand-in (sluice testkit); only " + supported);
    }
  }
}
