/** COPY into Redshift: the credentials clause, the per-cluster script, its transaction, and its outcome. */
package io.sluice.loader.copy;
