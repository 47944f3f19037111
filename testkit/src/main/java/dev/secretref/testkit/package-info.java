/** Test support for secretref providers: the provider contract kit. */
package dev.secretref.testkit;
