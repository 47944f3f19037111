package dev.secretref.spring;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.micrometer.SecretrefMetrics;
import dev.secretref.store.CredentialStore;
import dev.secretref.sync.SecretSync;
import dev.secretref.sync.SyncInterval;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@link SecretResolver} built from {@code secretref.*} (the one property reads go through), a
 * {@link SecretSync} when {@code secretref.sync.sources} is set, a health contributor {@code secretref} with
 * one indicator per manager when Spring Boot's health support is present, a {@code SecretrefMetrics} binding
 * when there is one {@code MeterRegistry} (or a primary one), and a {@code CredentialStore} when
 * {@code secretref.store.enabled=true} and {@code secretref-store} is on the class path.
 */
@AutoConfiguration(afterName = {
        // where Boot 4 defines the MeterRegistry bean (spring-boot-micrometer-metrics) and the DataSource
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "secretref.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecretrefProperties.class)
public class SecretrefAutoConfiguration {

    /**
     * Installs secretref into the environment before any bean reads a property, when no
     * {@link SecretrefEnvironmentPostProcessor} did (an application context built without SpringApplication).
     */
    @Bean
    static BeanFactoryPostProcessor secretrefPropertySourcesInstaller(ConfigurableEnvironment environment) {
        return beanFactory -> SecretrefEnvironment.install(environment);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SecretResolver secretResolver(ConfigurableEnvironment environment) {
        SecretrefEnvironment.install(environment);
        return SecretrefEnvironment.resolver(environment).orElseThrow(() -> new IllegalStateException(
                "secretref is disabled (secretref.enabled=false) but a SecretResolver was asked for"));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "secretref.sync", name = "sources")
    SecretSync secretSync(SecretResolver resolver, SecretrefProperties properties) {
        SecretrefProperties.Sync s = properties.getSync();
        SecretSync.Builder b = SecretSync.builder(resolver).syncOnSave(s.isSyncOnSave()).autoSync(interval(s.getInterval()));
        for (String source : s.getSources()) {
            int colon = source.indexOf(':');
            if (colon <= 0) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                        "secretref.sync.sources entries must be MANAGER:PREFIX (the prefix may be empty)");
            }
            b.source(source.substring(0, colon).strip(), source.substring(colon + 1));
        }
        return b.build();
    }

    private static SyncInterval interval(String text) {
        try {
            return SyncInterval.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG, "secretref.sync.interval must be one of "
                    + java.util.Arrays.toString(SyncInterval.values()));
        }
    }

    /** One health indicator per manager under the contributor {@code secretref}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "secretrefHealthContributor")
        CompositeHealthContributor secretrefHealthContributor(SecretResolver resolver) {
            Map<String, HealthIndicator> byManager = new LinkedHashMap<>();
            for (String manager : resolver.managerNames()) byManager.put(manager, new SecretManagerHealthIndicator(resolver, manager));
            return CompositeHealthContributor.fromMap(byManager);
        }
    }

    /** Meters of the resolver in the application's meter registry, unbound when the context closes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, SecretrefMetrics.class})
    static class Metrics {
        @Bean(destroyMethod = "close")
        @ConditionalOnSingleCandidate(MeterRegistry.class)
        @ConditionalOnMissingBean
        SecretrefMetrics secretrefMetrics(SecretResolver resolver, MeterRegistry registry) {
            return SecretrefMetrics.bind(resolver, registry);
        }
    }

    /** A credential store on the resolver's managers, closed with the context (before the resolver). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CredentialStore.class)
    @ConditionalOnBooleanProperty("secretref.store.enabled")
    @ConditionalOnMissingBean(CredentialStore.class)
    static class Store {
        @Bean(destroyMethod = "close")
        StoreDatabase secretrefStoreDatabase(SecretrefProperties properties, ObjectProvider<DataSource> dataSources) {
            return StoreDatabase.open(properties.getStore(), dataSources.getIfUnique());
        }

        @Bean(destroyMethod = "close")
        CredentialStore credentialStore(SecretResolver resolver, SecretrefProperties properties, StoreDatabase secretrefStoreDatabase) {
            return CredentialStoreFactory.create(resolver, properties.getStore(), secretrefStoreDatabase);
        }
    }
}
