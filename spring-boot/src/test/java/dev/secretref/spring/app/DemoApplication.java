package dev.secretref.spring.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A plain Spring Boot application: nothing secretref-specific but the properties. */
@SpringBootApplication
@EnableConfigurationProperties(DemoApplication.PaymentsProperties.class)
class DemoApplication {
    @ConfigurationProperties("payments")
    record PaymentsProperties(String apiKey, String webhookSecret) { }

    record DataSourceSettings(String url, String password) { }

    @Bean
    DataSourceSettings dataSourceSettings(@Value("${spring.datasource.url}") String url,
                                          @Value("${spring.datasource.password}") String password) {
        return new DataSourceSettings(url, password);
    }
}
