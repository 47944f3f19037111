package dev.secretref.provider.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Lets only STS-shaped answers reach the SDK's XML parser. STS answers XML whose root is
 * {@code <XxxResponse>} or {@code <ErrorResponse>}
 * (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html); anything else (an empty 200, a proxy's
 * HTML page, a truncated body) is replaced by an STS error with code {@value #CODE} and HTTP 400 (not retried),
 * so the call fails with a message that says the endpoint is not STS, and no XML parser ever reports the
 * garbage on its own (some JDKs print {@code [Fatal Error] ...} to stderr).
 */
final class StsReplyCheck implements ExecutionInterceptor {
    /** The error code the SDK reports for a reply that is not STS's. */
    static final String CODE = "SecretrefNotAnStsReply";
    private static final int MAX_BODY = 1 << 20;

    private static final ExecutionAttribute<InputStream> BODY = new ExecutionAttribute<>("secretref.sts.body");

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> in = context.responseBody();
        byte[] head;
        try {
            head = in.isPresent() ? in.get().readNBytes(MAX_BODY) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length == MAX_BODY || looksLikeSts(head)) {   // too big to be garbage we care about, or STS's own
            InputStream rest = in.isPresent() ? in.get() : InputStream.nullInputStream();
            attributes.putAttribute(BODY, new SequenceInputStream(new ByteArrayInputStream(head), rest));
            return context.httpResponse();
        }
        int status = context.httpResponse().statusCode();
        String xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + CODE
                + "</Code><Message>HTTP " + status + " without an STS XML body</Message></Error><RequestId></RequestId></ErrorResponse>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        attributes.putAttribute(BODY, new ByteArrayInputStream(bytes));
        return context.httpResponse().toBuilder().statusCode(400).statusText("Bad Request")
                .putHeader("Content-Type", "text/xml").putHeader("Content-Length", Integer.toString(bytes.length))
                .putHeader(ORIGINAL_STATUS, Integer.toString(status)).build();
    }

    /** Header carrying the status the endpoint really answered, for the message. */
    static final String ORIGINAL_STATUS = "x-secretref-original-status";

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        InputStream body = attributes.getAttribute(BODY);
        return body != null ? Optional.of(body) : context.responseBody();
    }

    static boolean looksLikeSts(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8).strip();
        if (head.startsWith("<?xml")) {
            int end = head.indexOf("?>");
            head = end < 0 ? "" : head.substring(end + 2).strip();
        }
        if (!head.startsWith("<")) return false;
        int space = head.indexOf(' ');
        int close = head.indexOf('>');
        int cut = space < 0 ? close : close < 0 ? space : Math.min(space, close);
        String root = cut < 0 ? head.substring(1) : head.substring(1, cut);
        String tail = new String(body, StandardCharsets.UTF_8).strip();
        return root.endsWith("Response") && tail.endsWith("</" + root + ">");
    }
}
