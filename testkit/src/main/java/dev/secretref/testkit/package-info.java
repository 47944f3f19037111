/** Test support for secretref providers: the provider contract kit ({@link dev.secretref.testkit.SecretProviderContractTest}) the writer contract kit ({@link dev.secretref.testkit.SecretWriterContractTest}), and the in-process server every provider fake is built on ({@link dev.secretref.testkit.FakeHttpServer}). */
package dev.secretref.testkit;
