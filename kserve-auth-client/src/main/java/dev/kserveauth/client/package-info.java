/**
 * An OkHttp client for KServe model servers (V1 and Open Inference Protocol V2) that sends bearer
 * tokens which refresh themselves.
 *
 * <p>Start with {@link dev.kserveauth.client.KServeClient#builder()}; pick a {@link
 * dev.kserveauth.client.TokenProvider} ({@link dev.kserveauth.client.ServiceAccountTokenFileProvider},
 * {@link dev.kserveauth.client.KubernetesTokenRequestProvider}, {@link
 * dev.kserveauth.client.OAuth2ClientCredentialsProvider}) and a {@link dev.kserveauth.client.Routing}.
 * Package-private types have no compatibility promise.
 */
package dev.kserveauth.client;
