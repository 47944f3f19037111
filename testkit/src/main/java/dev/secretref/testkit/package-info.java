/** Test support for secretref providers: the provider contract kit ({@link dev.secretref.testkit.SecretProviderContractTest}) and the writer contract kit ({@link dev.secretref.testkit.SecretWriterContractTest}). */
package dev.secretref.testkit;
