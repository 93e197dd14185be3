/** The local store: a directory laid out as the bucket, files replaced atomically. */
package io.sluice.agent.output.local;
