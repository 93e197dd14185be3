/** The batch tracker: the Lambda Redshift loader's DynamoDB tables, written exactly as the Lambda writes them. */
package io.sluice.loader.tracker;
