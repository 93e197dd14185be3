/**
 * Reading a Fluentd (td-agent) configuration and mapping it to a {@code sluice.yaml}: {@code sluice config import}.
 * The parser follows Fluentd's v1 syntax ({@code lib/fluent/config/v1_parser.rb}, {@code literal_parser.rb}); the
 * mapping follows the defaults of Fluentd 1.14's {@code in_forward}/{@code in_http} and fluent-plugin-s3's
 * {@code out_s3}.
 */
package io.sluice.config.fluentd;
