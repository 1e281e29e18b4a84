package io.sigillum.gateway.csc.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code credentials/list}; the descriptions only when asked for, {@code onlyValid} echoed when used,
 * {@code nextPageToken} when credentials remain after this page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListResponse(List<String> credentialIDs, @Nullable List<CredentialInfo> credentialInfos,
        @Nullable Boolean onlyValid, @Nullable String nextPageToken) {
}
