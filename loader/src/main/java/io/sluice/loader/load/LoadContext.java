package io.sluice.loader.load;

import io.sluice.loader.copy.LoadReceipts;
import io.sluice.loader.manifest.ManifestStore;
import io.sluice.loader.notify.SnsNotifier;
import io.sluice.loader.tracker.BatchTable;
import io.sluice.loader.tracker.ConfigTable;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What every batch load works with, built once by {@link EmbeddedLoader}.
 *
 * @param batches the batch table
 * @param configs the config table (rotation, the config item's encrypted passwords)
 * @param manifests where manifests are written and copied on failure
 * @param notifier SNS, or null when no load notifies
 * @param secrets finds each cluster's password
 * @param processCredentials the process's own credentials, for COPY when a load names none
 * @param metrics the loader's metrics
 * @param clock the time
 * @param receipts the receipts table, or null when {@code receipts_table: off}
 * @param heartbeat keeps held locks fresh
 * @param steps runs DynamoDB and S3 steps with retries
 * @param gates each cluster's threads and outage schedule
 * @param outageWindow {@code loader.outage_retry}
 */
record LoadContext(BatchTable batches, ConfigTable configs, ManifestStore manifests, SnsNotifier notifier,
    LoadSecrets secrets, AwsCredentialsProvider processCredentials, LoaderMetrics metrics, Clock clock,
    LoadReceipts receipts, LockHeartbeat heartbeat, TrackerSteps steps, ClusterGates gates, Duration outageWindow) {
}
