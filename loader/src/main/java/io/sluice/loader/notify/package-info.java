/** SNS notifications about closed batches, with the Lambda loader's subjects and message payload. */
package io.sluice.loader.notify;
