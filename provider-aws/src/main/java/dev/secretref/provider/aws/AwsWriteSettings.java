package dev.secretref.provider.aws;

import dev.secretref.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how the {@code aws} writer stores credentials: {@code writePrefix} (default {@code secretref/}),
 * {@code deleteRecoveryDays} (default 7; 0 deletes at once with {@code ForceDeleteWithoutRecovery}),
 * {@code kmsKeyId} and {@code writeTags} for {@code CreateSecret}. Holds no credential.
 */
final class AwsWriteSettings {
    static final String DEFAULT_PREFIX = "secretref/";
    static final int DEFAULT_RECOVERY_DAYS = 7;
    static final int MAX_SECRET_NAME = 512;
    /** Secrets Manager's limit on SecretString (UTF-8 bytes), for the whole JSON object of a credential. */
    static final int MAX_SECRET_STRING_BYTES = 65_536;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9/_+=.@-]*");
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    final String prefix;
    final int recoveryDays;
    final Optional<String> kmsKeyId;
    final Map<String, String> tags;

    private AwsWriteSettings(String prefix, int recoveryDays, Optional<String> kmsKeyId, Map<String, String> tags) {
        this.prefix = prefix;
        this.recoveryDays = recoveryDays;
        this.kmsKeyId = kmsKeyId;
        this.tags = tags;
    }

    /** Reads and checks the write keys of {@code config}; every problem is named in one {@code INVALID_CONFIG} error. */
    static AwsWriteSettings from(ProviderConfig config) {
        List<String> problems = new ArrayList<>();
        String prefix = config.get("writePrefix").map(String::strip).orElse(DEFAULT_PREFIX);
        if (!PREFIX.matcher(prefix).matches() || prefix.length() > MAX_SECRET_NAME - 64) {
            problems.add("writePrefix must be at most " + (MAX_SECRET_NAME - 64)
                    + " letters, digits or /_+=.@- characters (a secret name prefix such as secretref/)");
        }
        int days = config.integer("deleteRecoveryDays").map(Long::intValue).orElse(DEFAULT_RECOVERY_DAYS);
        if (days != 0 && (days < 7 || days > 30)) {
            problems.add("deleteRecoveryDays must be 0 (delete at once, no recovery) or 7 to 30 (Secrets Manager's recovery window)");
        }
        Optional<String> kms = config.get("kmsKeyId").map(String::strip);
        Map<String, String> tags = new LinkedHashMap<>();
        config.object("writeTags").ifPresent(m -> m.forEach((k, v) -> {
            String key = String.valueOf(k);
            String value = v == null ? "" : String.valueOf(v);
            if (key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches() || key.startsWith("aws:")) {
                problems.add("writeTags: every key must be 1 to 128 letters, digits, spaces or _.:/=+-@ and not start with aws:");
            } else if (value.length() > 256 || !TAG_TEXT.matcher(value).matches()) {
                problems.add("writeTags: every value must be at most 256 letters, digits, spaces or _.:/=+-@");
            } else {
                tags.put(key, value);
            }
        }));
        if (tags.size() > 50) problems.add("writeTags: at most 50 tags");
        if (!problems.isEmpty()) throw config.invalid(problems);
        return new AwsWriteSettings(prefix, days, kms, Collections.unmodifiableMap(tags));
    }

    @Override
    public String toString() {
        return "AwsWriteSettings[prefix=" + prefix + ", deleteRecoveryDays=" + recoveryDays
                + kmsKeyId.map(k -> ", kmsKeyId=" + k).orElse("") + ", tags=" + tags.keySet() + "]";
    }
}
