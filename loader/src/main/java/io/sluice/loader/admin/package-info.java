/**
 * Operator commands on the shared tracker: reprocessing batches and files, and reconciling the Lambda loader's
 * silent losses (contract 5 and 7.4).
 */
package io.sluice.loader.admin;
