/** The one back-off formula of Sluice: the outputs' upload retries and the loader's outage retries both wait by it. */
package io.sluice.loader.retry;
