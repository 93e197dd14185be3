package io.sluice.testkit.redshift;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads and lists objects for a COPY through the SDK v2 client of the local S3 server, turning S3 errors into
 * {@link CopyException}s worded like Redshift's {@code S3ServiceException} errors, which loaders match on to decide
 * whether to retry.
 */
final class S3ObjectReader {

  private final S3Client s3;

  S3ObjectReader(S3Client s3) {
    this.s3 = s3;
  }

  /** Reads an object that must exist. */
  byte[] read(S3Location location) {
    return find(location).orElseThrow(() -> missingKey(location));
  }

  /** Reads an object, or returns empty when the key does not exist. */
  Optional<byte[]> find(S3Location location) {
    try {
      return Optional.of(s3.getObjectAsBytes(request -> request.bucket(location.bucket()).key(location.key()))
          .asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      throw s3Failure(location, e);
    }
  }

  /** Lists the objects whose key starts with the location's key, in key order. */
  List<S3Location> list(S3Location prefix) {
    try {
      return s3.listObjectsV2Paginator(request -> request.bucket(prefix.bucket()).prefix(prefix.key()))
          .contents()
          .stream()
          .map(S3Object::key)
          .map(key -> new S3Location(prefix.bucket(), key))
          .toList();
    } catch (S3Exception e) {
      throw s3Failure(prefix, e);
    }
  }

  static CopyException missingKey(S3Location location) {
    return new CopyException(
        "S3ServiceException:The specified key does not exist.,Status 404,Error NoSuchKey,Rid local,ExtRid local,"
            + "CanRetry 1",
        "S3 key being read : " + location, null);
  }

  private static CopyException s3Failure(S3Location location, S3Exception e) {
    String code = e instanceof NoSuchBucketException ? "NoSuchBucket"
        : e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "Unknown";
    String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
    return new CopyException(
        "S3ServiceException:" + message + ",Status " + e.statusCode() + ",Error " + code + ",Rid local,ExtRid local",
        "S3 key being read : " + location, e);
  }
}
