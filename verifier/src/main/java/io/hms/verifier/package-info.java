/** Filled by later work; see README.md for the module map. */
package io.hms.verifier;
