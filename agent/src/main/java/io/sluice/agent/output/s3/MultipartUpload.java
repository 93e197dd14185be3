package io.sluice.agent.output.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one file in fixed-size parts. The object appears only when the upload completes; an upload that fails is
 * aborted so S3 does not keep (and bill) its parts, and the caller retries it from the start.
 */
final class MultipartUpload {

  private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);

  private final S3Client client;
  private final String bucket;
  private final MultipartPolicy policy;

  MultipartUpload(S3Client client, String bucket, MultipartPolicy policy) {
    this.client = client;
    this.bucket = bucket;
    this.policy = policy;
  }

  /** Uploads {@code file} of {@code size} bytes under {@code key} and returns the object's ETag. */
  String upload(String key, Path file, long size, String contentType) throws IOException {
    int parts = policy.partCount(size);
    String uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(key)
        .contentType(contentType)).uploadId();
    try {
      List<CompletedPart> completed = uploadParts(key, uploadId, file, size, parts);
      return client.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(upload -> upload.parts(completed))).eTag();
    } catch (IOException | RuntimeException e) {
      abort(key, uploadId, e);
      throw e;
    }
  }

  private List<CompletedPart> uploadParts(String key, String uploadId, Path file, long size, int parts)
      throws IOException {
    List<CompletedPart> completed = new ArrayList<>(parts);
    // One reused part buffer: memory stays at one part size however large the file is.
    byte[] buffer = new byte[(int) Math.min(policy.partSizeBytes(), size)];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int number = 1; number <= parts; number++) {
        long offset = (number - 1) * policy.partSizeBytes();
        int length = (int) Math.min(policy.partSizeBytes(), size - offset);
        readFully(channel, buffer, offset, length);
        int partNumber = number;
        UploadPartResponse response = client.uploadPart(request -> request.bucket(bucket).key(key)
                .uploadId(uploadId).partNumber(partNumber).contentLength((long) length)
                .contentMD5(Md5.of(buffer, length)),
            RequestBody.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length)));
        completed.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
      }
    }
    return completed;
  }

  private static void readFully(FileChannel channel, byte[] buffer, long offset, int length) throws IOException {
    ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
    while (target.hasRemaining()) {
      if (channel.read(target, offset + target.position()) < 0) {
        throw new IOException("the spool file ended before byte " + (offset + length));
      }
    }
  }

  private void abort(String key, String uploadId, Exception cause) {
    try {
      client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // The retry will start a new upload; a bucket lifecycle rule cleans up what this one left.
      cause.addSuppressed(e);
      LOG.debug("Aborting multipart upload {} of s3://{}/{} failed", uploadId, bucket, key, e);
    }
  }
}
