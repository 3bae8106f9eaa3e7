package dev.kserveauth.spring.boot;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link KubernetesStarterChecks} on Spring MVC and Tomcat. A decision that completes after the
 * container thread has left the filter (a SubjectAccessReview or TokenReview cache miss) must not run
 * the application from {@code AsyncContext.start}: Tomcat has released the request's
 * {@code FilterChain} by then (it answered 500). The starter's filter waits on the request thread.
 */
@TestPropertySource(properties = "spring.main.web-application-type=servlet")
class KubernetesTomcatStarterTest extends KubernetesStarterChecks {}
