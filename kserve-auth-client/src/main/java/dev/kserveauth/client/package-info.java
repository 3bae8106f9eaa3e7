/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
