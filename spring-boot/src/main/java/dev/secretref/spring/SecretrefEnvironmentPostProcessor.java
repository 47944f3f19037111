package dev.secretref.spring;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Installs secretref as soon as the application's configuration is loaded, so every property read afterwards,
 * Boot's own ({@code spring.datasource.password}) included, sees resolved values.
 */
public final class SecretrefEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
    /** After config data (application.properties, profiles) is loaded. */
    public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 10;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        SecretrefEnvironment.install(environment);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
