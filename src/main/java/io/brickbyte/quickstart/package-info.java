/** The quickstart job: a sync of the bundled sample connector into local Delta tables. */
package io.brickbyte.quickstart;
