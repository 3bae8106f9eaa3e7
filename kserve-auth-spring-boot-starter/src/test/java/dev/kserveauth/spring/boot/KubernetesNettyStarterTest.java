package dev.kserveauth.spring.boot;

import org.springframework.test.context.TestPropertySource;

/** {@link KubernetesStarterChecks} on WebFlux and Reactor Netty. */
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
class KubernetesNettyStarterTest extends KubernetesStarterChecks {}
